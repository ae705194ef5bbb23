"""Amounts in a line's own currency and exchange rates, in Swedish format (kronor lives in core)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def amount(value) -> str:
    """Decimal('1234.5') -> '1 234,50' (no currency: the table shows it beside)."""
    if value in (None, ""):
        return ""
    return number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)


@register.filter
def rate(value) -> str:
    """Decimal('11.450000') -> '11,45'."""
    if value in (None, ""):
        return ""
    return f"{Decimal(value).normalize():f}".replace(".", ",")
