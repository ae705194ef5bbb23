"""The municipality's own organisation: units, the people who can be responsible, and accounts' roles."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from utblick.core.permissions import RestrictedQuerySet
from utblick.core.roles import Role


class OrgUnit(models.Model):
    """A part of the municipality: Kommunstyrelsen, a committee (nämnd), an administration or an office."""

    class Kind(models.TextChoices):
        KOMMUNSTYRELSE = "kommunstyrelse", _("Kommunstyrelse")
        NAMND = "namnd", _("Nämnd")
        FORVALTNING = "forvaltning", _("Förvaltning")
        KONTOR = "kontor", _("Kontor eller enhet")

    code = models.SlugField(_("kod"), max_length=50, unique=True, help_text=_("Kort unik kod, t.ex. ”nuk”."))
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.KONTOR)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnad enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = RestrictedQuerySet.as_manager()
    permission_kind = "organisation"

    class Meta:
        verbose_name = _("organisatorisk enhet")
        verbose_name_plural = _("organisatoriska enheter")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def children_map(cls) -> dict[int | None, list[int]]:
        children: dict[int | None, list[int]] = {}
        for pk, parent_id in cls.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        return children

    @classmethod
    def with_descendants(cls, unit_ids, children=None) -> set[int]:
        """The given units and every unit below them in the tree."""
        children = cls.children_map() if children is None else children
        found: set[int] = set()
        stack = list(unit_ids)
        while stack:
            pk = stack.pop()
            if pk not in found:
                found.add(pk)
                stack.extend(children.get(pk, []))
        return found

    @classmethod
    def tree(cls, queryset=None) -> list[tuple["OrgUnit", int]]:
        """Units in tree order with their depth, for indented lists and selects."""
        units = list(queryset if queryset is not None else cls.objects.all())
        by_parent: dict[int | None, list[OrgUnit]] = {}
        ids = {u.pk for u in units}
        for unit in units:
            by_parent.setdefault(unit.parent_id if unit.parent_id in ids else None, []).append(unit)
        ordered: list[tuple[OrgUnit, int]] = []

        def walk(parent_id, depth):
            for unit in sorted(by_parent.get(parent_id, []), key=lambda u: u.name):
                ordered.append((unit, depth))
                walk(unit.pk, depth + 1)

        walk(None, 0)
        return ordered


class Person(models.Model):
    """Someone in the municipality who can be responsible for international work: elected or employed."""

    class Kind(models.TextChoices):
        FORTROENDEVALD = "fortroendevald", _("Förtroendevald")
        TJANSTEMAN = "tjansteman", _("Tjänsteman")

    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titel eller uppdrag"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="people")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("användarkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    objects = RestrictedQuerySet.as_manager()
    permission_kind = "organisation"

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name}, {self.title}" if self.title else self.name


class Membership(models.Model):
    """An account's role in a unit; together an account's memberships decide what it may see and change."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("användare"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("behörighet")
        verbose_name_plural = _("behörigheter")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} ({self.unit})"
