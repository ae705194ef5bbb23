"""Writing an engagement's budget lines. Permission follows the engagement: who may change it may keep its economy.

History is recorded on the engagement, so its one history page tells the whole story, budget included.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.core.models import Change
from utblick.core.numbers import parse_decimal
from utblick.core.permissions import ensure_can
from utblick.engagements.changes import record_engagement_change
from utblick.finance.currencies import is_currency
from utblick.finance.models import AMOUNT_MAX, ORE, YEAR_MAX, YEAR_MIN, BudgetLine, CostCategory, Direction

AMOUNT_MESSAGE = gettext_lazy("Skriv beloppet med siffror, t.ex. 12 500 eller 12 500,50.")
RATE_MAX = Decimal("999999.999999")  # max_digits=12, decimal_places=6
TEXT_LIMITS = {"description": 300, "ansvar": 20, "verksamhet": 20, "projekt": 20}


def money(amount: Decimal | None, currency: str = "SEK") -> str:
    """Decimal('12000') -> '12 000 kr'; Decimal('99.5'), 'EUR' -> '99,50 EUR' (for history texts)."""
    if amount is None:
        return ""
    text = f"{amount.quantize(ORE):,.2f}".replace(",", " ").replace(".", ",").removesuffix(",00")
    return f"{text} {'kr' if currency == 'SEK' else currency}"


def _amount(value, field: str, errors: dict, *, required: bool) -> Decimal | None:
    try:
        amount = parse_decimal(value)
    except ValueError:
        errors[field] = str(AMOUNT_MESSAGE)
        return None
    if amount is None:
        if required:
            errors[field] = _("Ange det planerade beloppet, t.ex. 12 000. Skriv 0 om inget är planerat.")
        return None
    if amount < 0:
        errors[field] = _("Beloppet kan inte vara negativt. Lägg in pengar som kommer in som en intäkt i stället.")
    elif amount > AMOUNT_MAX:
        errors[field] = _("Beloppet är för stort. Kontrollera att det inte har fått för många siffror.")
    elif amount != amount.quantize(ORE):
        errors[field] = _("Ange beloppet med högst två decimaler, t.ex. 12 500,50.")
    return amount


def _year(value, errors: dict) -> int | None:
    try:
        year = int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        year = None
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        errors["year"] = _("Ange året som fyra siffror mellan %(min)d och %(max)d, t.ex. 2026.") % {
            "min": YEAR_MIN,
            "max": YEAR_MAX,
        }
    return year


def _clean(fields: dict, line: BudgetLine | None = None) -> dict:
    """The fields checked and normalised; raises ValidationError with a Swedish sentence per wrong field."""
    errors: dict[str, str] = {}
    cleaned = {"year": _year(fields.get("year"), errors)}
    direction = fields.get("direction") or ""
    if direction not in Direction.values:
        errors["direction"] = _("Välj om raden är en kostnad eller en intäkt.")
    cleaned["direction"] = direction
    category, source = fields.get("cost_category") or "", fields.get("funding_source")
    if direction == Direction.COST:
        if category not in CostCategory.values:
            errors["cost_category"] = _("Välj vilket slags kostnad det är, t.ex. resor eller arbetstid.")
        source = None
    elif direction == Direction.INCOME:
        category = ""
        if source is None:
            errors["funding_source"] = _("Välj varifrån intäkten kommer, t.ex. Erasmus+ eller egen budget.")
        elif not source.is_active and (line is None or line.funding_source_id != source.pk):
            errors["funding_source"] = _("Finansieringskällan %(name)s används inte längre. Välj en annan.") % {
                "name": source.name
            }
    cleaned.update(cost_category=category, funding_source=source)
    cleaned["planned_amount"] = _amount(fields.get("planned_amount"), "planned_amount", errors, required=True)
    cleaned["actual_amount"] = _amount(fields.get("actual_amount"), "actual_amount", errors, required=False)
    currency = str(fields.get("currency") or "").strip().upper() or "SEK"
    if not is_currency(currency):
        errors["currency"] = _("Ange valutan som en kod med tre bokstäver enligt ISO 4217, t.ex. SEK, EUR eller NOK.")
    cleaned["currency"] = currency
    cleaned["exchange_rate"] = _rate(fields.get("exchange_rate"), currency, errors)
    for name, limit in TEXT_LIMITS.items():
        text = str(fields.get(name) or "").strip()
        if len(text) > limit:
            errors[name] = _("Texten får vara högst %(limit)d tecken (nu %(count)d). Korta av den.") % {
                "limit": limit,
                "count": len(text),
            }
        cleaned[name] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


def _rate(value, currency: str, errors: dict) -> Decimal | None:
    try:
        rate = parse_decimal(value)
    except ValueError:
        errors["exchange_rate"] = _("Skriv kursen med siffror, t.ex. 11,45.")
        return None
    if currency == "SEK":
        if rate not in (None, Decimal(1)):
            errors["exchange_rate"] = _("För belopp i SEK är kursen alltid 1. Ändra kursen till 1 eller byt valuta.")
        return Decimal(1)
    if rate is None:
        errors["exchange_rate"] = _("Ange kursen som användes till SEK, t.ex. 11,45 för 1 %(currency)s.") % {
            "currency": currency
        }
    elif rate <= 0 or rate > RATE_MAX or rate != rate.quantize(Decimal("0.000001")):
        errors["exchange_rate"] = _("Kursen måste vara större än 0, högst 999 999 och ha högst sex decimaler.")
    return rate


def snapshot(line: BudgetLine) -> dict[str, str]:
    """{what: shown value} of a line, as its history shows it."""
    rate = "" if line.currency == "SEK" else f"{line.exchange_rate.normalize():f}".replace(".", ",")
    return {
        _("typ"): str(line.get_direction_display()),
        _("beskrivning"): line.description,
        _("planerat"): money(line.planned_amount, line.currency),
        _("utfall"): money(line.actual_amount, line.currency),
        _("valuta"): line.currency,
        _("kurs till SEK"): rate,
        _("ansvar"): line.ansvar,
        _("verksamhet"): line.verksamhet,
        _("projekt"): line.projekt,
    }


def _changes(line: BudgetLine, before: dict, after: dict) -> list[dict[str, str]]:
    """'Budgetrad 2026, Resor: planerat' with before and after, for each value that differs."""
    prefix = _("Budgetrad %(year)s, %(kind)s") % {"year": line.year, "kind": line.kind_label}
    return [
        {"field": f"{prefix}: {label}", "before": before.get(label, ""), "after": after.get(label, "")}
        for label in dict.fromkeys([*before, *after])
        if before.get(label, "") != after.get(label, "")
    ]


def add_budget_line(engagement, *, by, fields: dict) -> BudgetLine:
    """Add a planned or actual cost or income of a year to an engagement's economy."""
    ensure_can(by, "change", engagement)
    line = BudgetLine(engagement=engagement, **_clean(fields))
    with transaction.atomic():
        line.save()
        record_engagement_change(
            engagement, by=by, action=Change.Action.UPDATED, changes=_changes(line, {}, snapshot(line))
        )
    return line


def update_budget_line(line: BudgetLine, *, by, fields: dict) -> BudgetLine:
    """Correct a budget line or record its outcome; the history shows what changed, old and new."""
    engagement = line.engagement
    ensure_can(by, "change", engagement)
    cleaned = _clean(fields, line)
    before_prefix = str(line)
    before = snapshot(line)
    for name, value in cleaned.items():
        setattr(line, name, value)
    changes = _changes(line, before, snapshot(line))
    if str(line) != before_prefix:
        changes.insert(0, {"field": _("Budgetrad"), "before": before_prefix, "after": str(line)})
    with transaction.atomic():
        line.save()
        if changes:
            record_engagement_change(engagement, by=by, action=Change.Action.UPDATED, changes=changes)
    return line


def remove_budget_line(line: BudgetLine, *, by, reason: str = "") -> None:
    """Remove a line entered by mistake; the engagement's history keeps what it said."""
    engagement = line.engagement
    ensure_can(by, "change", engagement)
    changes = _changes(line, snapshot(line), {})
    with transaction.atomic():
        line.delete()
        record_engagement_change(
            engagement,
            by=by,
            action=Change.Action.UPDATED,
            changes=changes,
            reason=reason.strip()[:2000] or _("Budgetraden togs bort."),
        )
