"""Reading lessons and news: the searches and lists the pages show, each in a fixed number of queries."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from utblick.core.permissions import Scope, access_for
from utblick.core.search import MAX_WORDS
from utblick.engagements.models import DONE_STATES, Engagement
from utblick.knowledge.models import Article, Lesson, LessonCountry
from utblick.partners.models import Organisation

START_PAGE_NEWS = 5


def search_lessons(user, *, q: str = "", country: str = "", partner=None, area=None, objective=None):
    """The lessons the user may read that match the free text (every word) and the filters, newest first."""
    lessons = Lesson.objects.restrict(user, "view")
    for word in q.lower().split()[:MAX_WORDS]:
        lessons = lessons.filter(search_text__contains=word)
    if country:
        lessons = lessons.filter(Exists(LessonCountry.objects.filter(lesson=OuterRef("pk"), country=country)))
    if partner is not None:
        through = Lesson.partners.through
        lessons = lessons.filter(Exists(through.objects.filter(lesson_id=OuterRef("pk"), organisation=partner)))
    if area is not None:
        through = Engagement.areas.through
        lessons = lessons.filter(Exists(through.objects.filter(engagement_id=OuterRef("engagement_id"), area=area)))
    if objective is not None:
        through = Engagement.objectives.through
        lessons = lessons.filter(
            Exists(through.objects.filter(engagement_id=OuterRef("engagement_id"), objective=objective))
        )
    return lessons.order_by("-updated_at", "-pk")


def for_list(lessons):
    """Lessons with what a list row shows (engagement, unit, partners, countries) in a fixed number of queries."""
    return lessons.select_related("engagement", "engagement__owner_unit").prefetch_related(
        Prefetch("partners", queryset=Organisation.objects.order_by("name")),
        Prefetch("countries", queryset=LessonCountry.objects.order_by("country")),
    )


def lessons_to_write(user):
    """Finished engagements without a lesson that the user is asked to write: as responsible civil servant, or
    for one of the units whose engagements the user changes (the coordinator: all of them)."""
    access = access_for(user)
    visible = Engagement.objects.restrict(user, "view").not_archived()
    mine = Q(responsible_officer__in=access.person_ids)
    if access.scope("engagement", "change") is Scope.ALL:
        units_condition = Q(pk__isnull=False)  # the coordinator: every unit
    else:
        units_condition = Q(owner_unit__in=access.units_for("engagement", "change"))
    return (
        visible.filter(status__in=DONE_STATES)
        .filter(~Exists(Lesson.objects.filter(engagement=OuterRef("pk"))))
        .filter(mine | units_condition)
        .select_related("owner_unit", "responsible_officer")
        .order_by("-end_date", "-pk")
    )


def readable_news(user):
    """Published news the user is in the audience of, newest first."""
    return Article.objects.restrict(user, "view").published().order_by("-published_at", "-pk")


def latest_news(user, count: int = START_PAGE_NEWS):
    return list(readable_news(user)[:count])
