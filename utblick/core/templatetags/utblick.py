"""Template filters for Swedish formats and small display helpers."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def kronor(value) -> str:
    """1234.5 -> '1 234,50 kr' (Swedish money format)."""
    if value in (None, ""):
        return ""
    return f"{number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)} kr"


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for sorting and pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
