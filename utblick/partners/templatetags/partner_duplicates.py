"""Template tags for duplicates: the live suggestion region on the forms, and whether the user may merge."""

from django import template

from utblick.core.permissions import can
from utblick.partners.merge_views import duplicates_for_form

register = template.Library()


@register.simple_tag(takes_context=True)
def may_merge(context) -> bool:
    """Whether the user may merge duplicates (the coordinator), to show the button."""
    request = context.get("request")
    return request is not None and can(request.user, "change", "partner_admin")


@register.inclusion_tag("partners/duplicate_region.html")
def duplicate_suggestions(kind: str, form, record=None):
    """The region listing likely duplicates: filled by the server after a POST, kept up to date by duplicates.js."""
    exclude = record.pk if record is not None else None
    return {
        "kind": kind,
        "exclude": exclude,
        "form": form,
        "matches": duplicates_for_form(kind, form.data, exclude) if form.is_bound else [],
    }
