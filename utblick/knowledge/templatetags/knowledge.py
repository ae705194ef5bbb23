"""Knowledge on other apps' pages (the start page, the engagement page) without those apps importing it."""

from django import template

from utblick.core.permissions import can
from utblick.knowledge.lessons_actions import may_write_lesson
from utblick.knowledge.models import Lesson
from utblick.knowledge.models_advice import AdviceRequest, AdviceState
from utblick.knowledge.queries import latest_news

register = template.Library()


@register.inclusion_tag("knowledge/start_news.html", takes_context=True)
def start_news(context):
    """The start page's "Nyheter": the latest news the user may read."""
    return {"news": latest_news(context["request"].user)}


@register.inclusion_tag("knowledge/engagement_lessons_section.html", takes_context=True)
def engagement_lesson(context, engagement):
    """The engagement page's lesson learned, or a link to write it when the engagement is finished."""
    user = context["request"].user
    lesson = Lesson.objects.filter(engagement=engagement).prefetch_related("partners", "countries").first()
    return {
        "engagement": engagement,
        "lesson": lesson,
        "may_write": may_write_lesson(user, engagement),
        # news can come from an engagement's results; the coordinator publishes them.
        "may_publish": bool(engagement.results) and can(user, "change", "news_admin"),
    }


@register.simple_tag(takes_context=True)
def advice_waiting(context) -> int | None:
    """For the coordinator: how many questions wait for an answer (None for everyone else)."""
    user = context["request"].user
    if not can(user, "change", "advice"):
        return None
    return AdviceRequest.objects.filter(state=AdviceState.OPEN).count()
