"""Who may view and change what: one table, read by restrict() and ensure_can().

A user's access comes from memberships (unit, role). A scope says which records of a kind a role
reaches; the widest scope of any of the user's roles wins. Forbidden records are filtered out of
querysets, so views answer 404 rather than revealing that a record exists.
"""

from __future__ import annotations

import contextlib
import contextvars
from dataclasses import dataclass, field
from enum import Enum

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from utblick.core.roles import Role


class Scope(Enum):
    NONE = 0
    OWN_UNIT = 1  # records owned by the user's units (and their sub-units)
    OPEN_OR_OWN_UNIT = 2  # records that are not secret, plus own units' and those one is responsible for
    ALL = 3


S, F, H, T, L = Role.SAMORDNARE, Role.FORVALTNINGSCHEF, Role.HANDLAGGARE, Role.FORTROENDEVALD, Role.LASARE
E = Role.EXTERN
READ_ALL = {S: Scope.ALL, F: Scope.ALL, H: Scope.ALL, T: Scope.ALL, L: Scope.ALL}

# kind -> action -> role -> scope. A role missing from a row has Scope.NONE.
RULES: dict[str, dict[str, dict[Role, Scope]]] = {
    "engagement": {
        "view": {
            S: Scope.ALL,
            F: Scope.OPEN_OR_OWN_UNIT,
            H: Scope.OPEN_OR_OWN_UNIT,
            T: Scope.OPEN_OR_OWN_UNIT,
            L: Scope.OPEN_OR_OWN_UNIT,
        },
        "change": {S: Scope.ALL, F: Scope.OWN_UNIT, H: Scope.OWN_UNIT},
    },
    "partner": {
        "view": READ_ALL,
        "change": {S: Scope.ALL, F: Scope.ALL, H: Scope.ALL},
    },
    # Merging duplicates, anonymising contact persons and importing files: the coordinator's tasks.
    "partner_admin": {"view": {S: Scope.ALL}, "change": {S: Scope.ALL}},
    # The directory shared with local actors; "change" is handling their introduction requests.
    "directory": {"view": {**READ_ALL, E: Scope.ALL}, "change": {S: Scope.ALL}},
    # The annual report: the whole municipality's for every internal role, a unit's report for its own
    # staff; politicians, readers (auditors) and the coordinator read every unit's.
    "report": {"view": {S: Scope.ALL, F: Scope.OWN_UNIT, H: Scope.OWN_UNIT, T: Scope.ALL, L: Scope.ALL}},
    # Omvärldsbevakning: everyone reads; triage within one's units (items sorted to them); the
    # coordinator keeps the sources and the rules.
    "monitoring": {"view": READ_ALL, "change": {S: Scope.ALL, F: Scope.OWN_UNIT, H: Scope.OWN_UNIT}},
    "monitoring_admin": {"view": {S: Scope.ALL}, "change": {S: Scope.ALL}},
    # The competence register: every internal role searches it and keeps a profile of their own (the
    # actions let only the owner change a profile); the coordinator sees coverage and keeps the EU knowledge list.
    "competence": {"view": READ_ALL, "change": READ_ALL},
    "competence_admin": {"view": {S: Scope.ALL}, "change": {S: Scope.ALL}},
    "policy": {"view": READ_ALL, "change": {S: Scope.ALL}},
    "organisation": {"view": READ_ALL, "change": {S: Scope.ALL}},
    # Kunskap: every internal role reads lessons and the news addressed to them (the news
    # queryset narrows to the audience); the coordinator writes, publishes and archives news.
    "knowledge": {"view": READ_ALL},
    "news_admin": {"view": {S: Scope.ALL}, "change": {S: Scope.ALL}},
    # Fråga samordnaren: every internal role asks and reads the FAQ, but sees only their own requests
    # (the advice queryset narrows "view" to the asker); the coordinator sees and answers all, and keeps the FAQ.
    "advice": {"view": READ_ALL, "change": {S: Scope.ALL}},
}


@dataclass(frozen=True)
class Access:
    """What one user's memberships add up to."""

    roles: frozenset[str] = frozenset()
    unit_ids_by_role: dict[str, frozenset[int]] = field(default_factory=dict)
    superuser: bool = False
    person_ids: frozenset[int] = frozenset()

    def scope(self, kind: str, action: str) -> Scope:
        if self.superuser:
            return Scope.ALL
        row = RULES[kind][action]
        return max((row.get(role, Scope.NONE) for role in self.roles), key=lambda s: s.value, default=Scope.NONE)

    def units_for(self, kind: str, action: str) -> frozenset[int]:
        """Units whose records the user reaches through a unit-bound scope of this kind and action."""
        row = RULES[kind][action]
        ids: set[int] = set()
        for role in self.roles:
            if row.get(role, Scope.NONE) in (Scope.OWN_UNIT, Scope.OPEN_OR_OWN_UNIT):
                ids |= self.unit_ids_by_role.get(role, frozenset())
        return frozenset(ids)


# Set only inside acting_as_system(): then `by=None` is the system itself, as a management command acts.
_system_acting = contextvars.ContextVar("utblick_system_acting", default=False)
SYSTEM_ACCESS = Access(superuser=True)


@contextlib.contextmanager
def acting_as_system():
    """Let actions called with by=None inside this block act as the system (history: "System").

    For management commands only (e.g. `manage.py import_partners`). Outside the block None has no rights,
    so a view that passed None by mistake is refused; a request's user is never None (it is AnonymousUser).
    """
    token = _system_acting.set(True)
    try:
        yield
    finally:
        _system_acting.reset(token)


def access_for(user) -> Access:
    """The user's access, computed once per request object and cached on it."""
    if user is None:
        return SYSTEM_ACCESS if _system_acting.get() else Access()
    if not user.is_authenticated or not user.is_active:
        return Access()
    cached = getattr(user, "_utblick_access", None)
    if cached is not None:
        return cached
    from utblick.organisation.models import Membership, OrgUnit, Person

    by_role: dict[str, set[int]] = {}
    for role, unit_id in Membership.objects.filter(user=user).values_list("role", "unit_id"):
        by_role.setdefault(role, set()).add(unit_id)
    if by_role:
        children = OrgUnit.children_map()
        for role, ids in by_role.items():
            by_role[role] = OrgUnit.with_descendants(ids, children)
    access = Access(
        roles=frozenset(by_role),
        unit_ids_by_role={role: frozenset(ids) for role, ids in by_role.items()},
        superuser=user.is_superuser,
        person_ids=frozenset(Person.objects.filter(user=user).values_list("pk", flat=True)),
    )
    user._utblick_access = access
    return access


def has_role(user, *roles: Role) -> bool:
    access = access_for(user)
    return access.superuser or bool(access.roles & set(roles))


def can(user, action: str, kind: str) -> bool:
    """Whether the user may do `action` on at least some records of `kind` (to show links and buttons)."""
    return access_for(user).scope(kind, action) is not Scope.NONE


class RestrictedQuerySet(models.QuerySet):
    """A queryset that can narrow itself to what a user may see or change."""

    def restrict(self, user, action: str = "view"):
        model = self.model
        access = access_for(user)
        scope = access.scope(model.permission_kind, action)
        if scope is Scope.ALL:
            return self
        if scope is Scope.NONE:
            return self.none()
        condition = Q(**{f"{model.permission_unit_field}__in": access.units_for(model.permission_kind, action)})
        if scope is Scope.OPEN_OR_OWN_UNIT:
            condition |= Q(**{model.permission_secret_field: False})
            for name in model.permission_person_fields:
                condition |= _person_condition(model, name, access.person_ids)
        return self.filter(condition)


def _person_condition(model, name: str, person_ids) -> Q:
    """Records where one of `person_ids` is in the person field `name`; a many-to-many one as a subquery, so
    a record with several such people is still one row."""
    field = model._meta.get_field(name)
    if not field.many_to_many:
        return Q(**{f"{name}__in": person_ids})
    through = field.remote_field.through
    owners = through.objects.filter(**{f"{field.m2m_reverse_field_name()}__in": person_ids}).values(
        field.m2m_field_name()
    )
    return Q(pk__in=owners)


def _is_person_of(obj, name: str, person_ids) -> bool:
    field = type(obj)._meta.get_field(name)
    if field.many_to_many:
        return bool(person_ids) and getattr(obj, name).filter(pk__in=person_ids).exists()
    return getattr(obj, field.attname) in person_ids


def allows(user, action: str, obj) -> bool:
    """Whether the user may do `action` on this one record."""
    model = type(obj)
    access = access_for(user)
    scope = access.scope(model.permission_kind, action)
    if scope in (Scope.ALL, Scope.NONE):
        return scope is Scope.ALL
    units = access.units_for(model.permission_kind, action)
    field = model._meta.get_field(model.permission_unit_field)
    if field.many_to_many:  # e.g. a monitoring item sorted to several units: one of them is enough
        if getattr(obj, field.name).filter(pk__in=units).exists():
            return True
    elif getattr(obj, field.attname) in units:
        return True
    if scope is Scope.OPEN_OR_OWN_UNIT:
        if not getattr(obj, model.permission_secret_field):
            return True
        return any(_is_person_of(obj, name, access.person_ids) for name in model.permission_person_fields)
    return False


def ensure_can(user, action: str, obj) -> None:
    """Raise PermissionDenied unless the user may do `action` on `obj`."""
    if not allows(user, action, obj):
        raise PermissionDenied


def ensure_role(user, kind: str, action: str) -> None:
    """Raise PermissionDenied unless some role of the user reaches `kind` for `action` at all."""
    if not can(user, action, kind):
        raise PermissionDenied
