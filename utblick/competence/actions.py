"""Writing the competence register. A profile is changed only by its owner; the EU knowledge list by the coordinator.

History: a profile's changes are recorded on the profile (which parts changed, not their content, so the history
keeps no more about the employee than the profile does). Deleting a profile removes it, its rows (languages,
experiences, its links to the partner register's networks, never the networks themselves) and its earlier history
rows, and leaves one history row saying that it was deleted, without any of its data (GDPR art. 17).
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from utblick.competence.languages import LANGUAGES, language_name
from utblick.competence.models import (
    LEVELS,
    PARTS,
    CompetenceProfile,
    EuKnowledge,
    Experience,
    LanguageSkill,
    Visibility,
    display_name,
)
from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_role
from utblick.partners.models import Network

YEAR_MIN, YEAR_MAX = 1940, 2100


def _text(value) -> str:
    return str(value or "").strip()


def _ensure_owner(profile: CompetenceProfile, by) -> None:
    """Only the employee changes their own profile; not even the coordinator changes someone else's."""
    ensure_role(by, "competence", "change")
    if by is None or profile.user_id != by.pk:
        raise PermissionDenied


def profile_of(user, *, create: bool = False) -> CompetenceProfile | None:
    """The user's profile; with create=True it is made (empty, nothing visible) when missing."""
    profile = CompetenceProfile.objects.filter(user=user).first()
    if profile is None and create:
        ensure_role(user, "competence", "change")
        with transaction.atomic():
            profile, created = CompetenceProfile.objects.get_or_create(user=user)
            if created:
                history.record(profile, by=user, action=Change.Action.CREATED)
    return profile


def _record_parts(profile, by, parts: list[str]) -> None:
    if parts:
        history.record(
            profile,
            by=by,
            action=Change.Action.UPDATED,
            changes=[{"field": str(part), "before": "", "after": str(_("ändrat"))} for part in parts],
        )


def _clean_networks(profile: CompetenceProfile, by, networks, errors: dict) -> list[Network] | None:
    """The register's networks chosen, as Network rows the employee may see (ids are accepted too, from a form or
    an import). A network whose membership has ended may stay on a profile that has it; nobody new chooses it."""
    if networks is None:
        return None
    chosen = list(networks)
    ids = {n.pk if isinstance(n, Network) else n for n in chosen}
    try:
        ids = {int(pk) for pk in ids}
    except (TypeError, ValueError):
        errors["networks"] = _("Välj bland nätverken i listan. Ett nätverk som saknas skriver du under Andra nätverk.")
        return None
    found = list(Network.objects.restrict(by, "view").filter(pk__in=ids).order_by("name", "pk"))
    if len(found) != len(ids):
        errors["networks"] = _(
            "Ett av nätverken finns inte i registret. Välj bland nätverken i listan, eller skriv nätverket under "
            "Andra nätverk."
        )
        return None
    current = set(profile.networks.values_list("pk", flat=True)) if profile.pk else set()
    today = timezone.localdate()
    ended = [n.name for n in found if n.has_ended_on(today) and n.pk not in current]
    if ended:
        errors["networks"] = _(
            "Kommunens medlemskap i %(names)s har upphört. Välj bland de pågående nätverken, eller skriv nätverket "
            "under Andra nätverk."
        ) % {"names": ", ".join(ended)}
        return None
    return found


def update_profile(profile: CompetenceProfile, *, by, fields: dict, eu_knowledge, networks=None) -> CompetenceProfile:
    """Change the profile's EU knowledge, networks (of the register, and others as text), willingness to help and
    who sees each part. `networks` (Network rows or their ids) replace the profile's; None leaves them as they are."""
    _ensure_owner(profile, by)
    errors = {}
    for part, _label in PARTS:
        if fields.get(f"show_{part}") not in Visibility.values:
            errors[f"show_{part}"] = _("Välj om kollegor får se den här delen eller bara du.")
    areas = list(eu_knowledge)
    current = set(profile.eu_knowledge.values_list("pk", flat=True))
    inactive = [a.name for a in areas if not a.is_active and a.pk not in current]
    if inactive:
        errors["eu_knowledge"] = _("%(names)s används inte längre. Välj bland de aktiva områdena.") % {
            "names": ", ".join(inactive)
        }
    chosen_networks = _clean_networks(profile, by, networks, errors)
    if errors:
        raise ValidationError(errors)
    changed = []
    names = {"other_networks": _text(fields.get("other_networks")), "help_note": _text(fields.get("help_note"))}
    values = {**names, "willing_to_help": bool(fields.get("willing_to_help"))}
    values.update({f"show_{part}": fields[f"show_{part}"] for part, _label in PARTS})
    for name, value in values.items():
        if getattr(profile, name) != value:
            changed.append(CompetenceProfile._meta.get_field(name).verbose_name.capitalize())
            setattr(profile, name, value)
    if {a.pk for a in areas} != current:
        changed.append(_("EU-kunskap"))
    if chosen_networks is not None and {n.pk for n in chosen_networks} != set(
        profile.networks.values_list("pk", flat=True)
    ):
        changed.append(_("Nätverk ur registret"))
    with transaction.atomic():
        profile.save()
        profile.eu_knowledge.set(areas)
        if chosen_networks is not None:
            profile.networks.set(chosen_networks)
        _record_parts(profile, by, changed)
    return profile


def set_language(profile: CompetenceProfile, *, by, language: str, level: str) -> LanguageSkill:
    """Add a language at a level, or change the level of one already in the profile (one row per language)."""
    _ensure_owner(profile, by)
    errors = {}
    if language not in LANGUAGES:
        errors["language"] = _("Välj ett språk i listan.")
    if level not in LEVELS:
        errors["level"] = _("Välj en nivå från A1 till C2.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        skill, _created = LanguageSkill.objects.update_or_create(
            profile=profile, language=language, defaults={"level": level}
        )
        _record_parts(profile, by, [_("Språk: %(language)s") % {"language": language_name(language)}])
    return skill


def remove_language(skill: LanguageSkill, *, by) -> None:
    profile = skill.profile
    _ensure_owner(profile, by)
    with transaction.atomic():
        skill.delete()
        _record_parts(profile, by, [_("Språk: %(language)s") % {"language": language_name(skill.language)}])


def _clean_experience(fields: dict) -> dict:
    errors = {}
    cleaned = {
        "country": _text(fields.get("country")),
        "place": _text(fields.get("place")),
        "description": _text(fields.get("description")),
        "start_year": fields.get("start_year"),
        "end_year": fields.get("end_year"),
    }
    if not cleaned["country"] and not cleaned["place"]:
        errors["place"] = _("Ange ett land eller en ort eller region, t.ex. Skottland.")
    if not cleaned["description"]:
        errors["description"] = _("Beskriv kort vad du gjorde, t.ex. ”arbetade två år på en skola i Edinburgh”.")
    for name in ("start_year", "end_year"):
        year = cleaned[name]
        if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
            errors[name] = _("Ange ett årtal mellan %(low)s och %(high)s, t.ex. 2019.") % {
                "low": YEAR_MIN,
                "high": YEAR_MAX,
            }
    start, end = cleaned["start_year"], cleaned["end_year"]
    if start and end and end < start and "end_year" not in errors:
        errors["end_year"] = _("Slutåret kan inte ligga före startåret. Kontrollera åren.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def save_experience(profile: CompetenceProfile, experience: Experience | None, *, by, fields: dict) -> Experience:
    """Add an international experience to the profile, or change one."""
    _ensure_owner(profile, by)
    if experience is not None and experience.profile_id != profile.pk:
        raise PermissionDenied
    cleaned = _clean_experience(fields)
    experience = experience or Experience(profile=profile)
    for name, value in cleaned.items():
        setattr(experience, name, value)
    with transaction.atomic():
        experience.save()
        _record_parts(profile, by, [_("Internationell erfarenhet")])
    return experience


def remove_experience(experience: Experience, *, by) -> None:
    profile = experience.profile
    _ensure_owner(profile, by)
    with transaction.atomic():
        experience.delete()
        _record_parts(profile, by, [_("Internationell erfarenhet")])


def export_profile(profile: CompetenceProfile, *, by) -> dict:
    """Everything the register holds about the employee's competence, for them to download (GDPR art. 15 and 20)."""
    _ensure_owner(profile, by)
    return {
        "person": display_name(profile.user),
        "username": profile.user.get_username(),
        "created_at": profile.created_at.isoformat(),
        "updated_at": profile.updated_at.isoformat(),
        "languages": [
            {"code": s.language, "name": language_name(s.language), "level": s.level}
            for s in profile.languages.order_by("language")
        ],
        "eu_knowledge": [a.name for a in profile.eu_knowledge.order_by("name")],
        "experience": [
            {
                "country": e.country.code or "",
                "country_name": str(e.country.name) if e.country else "",
                "place": e.place,
                "start_year": e.start_year,
                "end_year": e.end_year,
                "description": e.description,
            }
            for e in profile.experiences.all()
        ],
        "networks": [
            {"id": n.pk, "name": n.name, "page": reverse("partners:network_detail", args=[n.pk])}
            for n in profile.networks.order_by("name", "pk")
        ],
        "other_networks": other_network_lines(profile),
        "willing_to_help": profile.willing_to_help,
        "help_note": profile.help_note,
        "visibility": {part: getattr(profile, f"show_{part}") for part, _label in PARTS},
        "history": [
            {"at": c.at.isoformat(), "by": c.actor_name, "action": c.action, "changes": c.changes}
            for c in history.history_of(profile)
        ],
    }


def other_network_lines(profile: CompetenceProfile) -> list[str]:
    return [line.strip() for line in profile.other_networks.splitlines() if line.strip()]


def delete_profile(profile: CompetenceProfile, *, by) -> None:
    """Delete the employee's profile and everything in it; one history row, without the data, says it happened."""
    _ensure_owner(profile, by)
    content_type = ContentType.objects.get_for_model(CompetenceProfile)
    with transaction.atomic():
        Change.objects.filter(content_type=content_type, object_id=profile.pk).delete()
        history.record(
            profile,
            by=by,
            action=Change.Action.UPDATED,
            reason=_("Kompetensprofilen raderades på den anställdas begäran. Innehållet sparas inte."),
        )
        profile.delete()


# The EU knowledge list (the coordinator's)


def _area_values(area: EuKnowledge) -> dict[str, str]:
    return history.field_values(area, ("name", "aliases", "is_active"))


def save_eu_knowledge(area: EuKnowledge | None, *, by, fields: dict) -> EuKnowledge:
    """Add an area of EU knowledge to the list, or rename it; the profiles that have it keep it."""
    ensure_role(by, "competence_admin", "change")
    name = _text(fields.get("name"))
    aliases = ", ".join(a.strip() for a in _text(fields.get("aliases")).split(",") if a.strip())
    if not name:
        raise ValidationError({"name": _("Ange områdets namn, t.ex. Interreg.")})
    clash = EuKnowledge.objects.filter(name__iexact=name)
    if area is not None:
        clash = clash.exclude(pk=area.pk)
    if clash.exists():
        raise ValidationError({"name": _("Det finns redan ett område med det namnet. Välj ett annat namn.")})
    before = _area_values(area) if area is not None else {}
    area = area or EuKnowledge()
    area.name, area.aliases = name, aliases
    try:
        with transaction.atomic():
            area.save()
            changes = history.diff(before, _area_values(area))
            if changes:
                action = Change.Action.UPDATED if before else Change.Action.CREATED
                history.record(area, by=by, action=action, changes=changes)
    except IntegrityError:
        raise ValidationError({"name": _("Det finns redan ett område med det namnet. Välj ett annat namn.")}) from None
    return area


def set_eu_knowledge_active(area: EuKnowledge, *, by, active: bool) -> EuKnowledge:
    """Deactivate an area (profiles keep it, new ones cannot choose it) or bring it back."""
    ensure_role(by, "competence_admin", "change")
    if area.is_active == active:
        return area
    before = _area_values(area)
    area.is_active = active
    with transaction.atomic():
        area.save(update_fields=["is_active"])
        history.record(
            area,
            by=by,
            action=Change.Action.UPDATED,
            changes=history.diff(before, _area_values(area)),
        )
    return area
