"""Writing an engagement's lesson learned (R-61): one per engagement, once it is finished.

Who may write it: whoever may change the engagement (its unit's staff and the coordinator), and its responsible
civil servant, who is asked to write it when the engagement is finished (engagements.actions.move_engagement).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import access_for, allows
from utblick.engagements.models import DONE_STATES, Engagement
from utblick.knowledge.models import Lesson, LessonCountry

TEXT_FIELDS = ("title", "worked", "did_not_work", "advice")


def may_write_lesson(user, engagement: Engagement) -> bool:
    """Whether the user may write (or edit) the lesson of this engagement now."""
    if engagement.status not in DONE_STATES:
        return False
    if allows(user, "change", engagement):
        return True
    officer = engagement.responsible_officer_id
    return officer is not None and officer in access_for(user).person_ids and allows(user, "view", engagement)


def lesson_initial(engagement: Engagement, lesson: Lesson | None = None) -> dict:
    """What the form starts from: the lesson as written, or the engagement's title, partners and countries."""
    if lesson is not None and lesson.pk:
        return {
            "title": lesson.title,
            "worked": lesson.worked,
            "did_not_work": lesson.did_not_work,
            "advice": lesson.advice,
            "partners": list(lesson.partners.all()),
            "countries": [str(c.country) for c in lesson.countries.all()],
        }
    return {
        "title": engagement.title,
        "partners": list(engagement.organisations.all()),
        "countries": [str(c.country) for c in engagement.countries.all()],
    }


def _snapshot(lesson: Lesson, partners, countries) -> dict[str, str]:
    return {
        _("Rubrik"): lesson.title,
        _("Vad som fungerade"): lesson.worked,
        _("Vad som inte fungerade"): lesson.did_not_work,
        _("Råd till andra"): lesson.advice,
        _("Partner"): ", ".join(sorted(p.name for p in partners)),
        _("Länder"): ", ".join(sorted(countries)),
    }


def _clean(fields: dict) -> dict:
    cleaned = {name: str(fields.get(name) or "").strip() for name in TEXT_FIELDS}
    errors = {}
    if not cleaned["title"]:
        errors["title"] = _("Ge erfarenheten en rubrik, t.ex. vad engagemanget handlade om.")
    if not cleaned["worked"]:
        errors["worked"] = _("Beskriv vad som fungerade, så att andra kan göra likadant.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def search_text(lesson: Lesson, partners) -> str:
    parts = [lesson.title, lesson.worked, lesson.did_not_work, lesson.advice, *(p.name for p in partners)]
    return " ".join(" ".join(parts).split()).lower()


def write_lesson(engagement: Engagement, *, by, fields: dict) -> Lesson:
    """Write or change the engagement's lesson: what worked, what did not, advice, partners and countries."""
    if not may_write_lesson(by, engagement):
        if engagement.status not in DONE_STATES and allows(by, "change", engagement):
            raise ValidationError(_("Erfarenheter skrivs när engagemanget är avslutat. Avsluta engagemanget först."))
        raise PermissionDenied
    cleaned = _clean(fields)
    partners = list(fields.get("partners") or [])
    countries = sorted({str(code) for code in fields.get("countries") or [] if code})
    lesson = Lesson.objects.filter(engagement=engagement).first()
    created = lesson is None
    if created:
        lesson = Lesson(engagement=engagement, created_by=by)
        before = {}
    else:
        before = _snapshot(lesson, lesson.partners.all(), [str(c.country) for c in lesson.countries.all()])
    for name, value in cleaned.items():
        setattr(lesson, name, value)
    lesson.search_text = search_text(lesson, partners)
    after = _snapshot(lesson, partners, countries)
    with transaction.atomic():
        lesson.save()
        lesson.partners.set(partners)
        LessonCountry.objects.filter(lesson=lesson).exclude(country__in=countries).delete()
        existing = set(LessonCountry.objects.filter(lesson=lesson).values_list("country", flat=True))
        LessonCountry.objects.bulk_create(
            LessonCountry(lesson=lesson, country=code) for code in countries if code not in existing
        )
        history.record(
            lesson,
            by=by,
            action=Change.Action.CREATED if created else Change.Action.UPDATED,
            changes=history.diff(before, after),
        )
    return lesson
