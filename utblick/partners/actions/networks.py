"""Network memberships: create and edit."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.core import history
from utblick.core.models import Change
from utblick.core.numbers import parse_decimal
from utblick.core.permissions import ensure_role
from utblick.core.templatetags.utblick import kronor
from utblick.partners.actions.organisations import WEBSITE_MESSAGE, too_long_texts, website_validator
from utblick.partners.models import Network

# Fields a form may set on a network membership.
NETWORK_FIELDS = (
    "name",
    "organisation",
    "description",
    "purpose",
    "member_since",
    "member_until",
    "yearly_fee",
    "representative",
    "website",
)
NETWORK_TEXT_FIELDS = ("name", "description", "purpose", "website")

FEE_MESSAGE = gettext_lazy("Ange årsavgiften i kronor som ett tal, till exempel 12 500 eller 12 500,50.")


# A network's yearly fee as typed: '12 500,50' or '12500.50' (ValueError for anything else).
parse_fee = parse_decimal


def network_snapshot(network: Network, objectives=None) -> dict[str, str]:
    """{field label: shown value} of a network membership, its representative and objectives included."""
    if objectives is None:
        objectives = list(network.objectives.all()) if network.pk else []
    return {
        _("Namn"): network.name,
        _("Organisation"): network.organisation.name if network.organisation else "",
        _("Beskrivning"): network.description,
        _("Syfte"): network.purpose,
        _("Medlem sedan"): network.member_since.isoformat() if network.member_since else "",
        _("Medlem till och med"): network.member_until.isoformat() if network.member_until else "",
        _("Årsavgift"): kronor(network.yearly_fee),
        _("Representant"): network.representative.name if network.representative else "",
        _("Mål i policyn"): "; ".join(sorted(str(objective) for objective in objectives)),
        _("Webbplats"): network.website,
    }


def _validate_network(network: Network) -> None:
    """Refuse what a form, an import or the API might send, each problem as a Swedish sentence."""
    errors = {}
    messages = {
        "name": _("Namnet får vara högst %(max)d tecken. Korta av det."),
        "description": _("Beskrivningen får vara högst %(max)d tecken. Korta av den."),
        "purpose": _("Syftet får vara högst %(max)d tecken. Korta av texten."),
        "website": _("Webbadressen får vara högst %(max)d tecken."),
    }
    errors |= too_long_texts(network, messages)
    if not network.name and "name" not in errors:
        errors["name"] = _("Ange nätverkets namn.")
    if network.website and "website" not in errors:
        try:
            website_validator(network.website)
        except ValidationError:
            errors["website"] = str(WEBSITE_MESSAGE)
    if not network.member_since:
        errors["member_since"] = _("Ange sedan när kommunen är medlem, som ÅÅÅÅ-MM-DD.")
    elif network.member_until and network.member_until < network.member_since:
        errors["member_until"] = _(
            "Medlemskapet kan inte sluta före det började. Ange ett slutdatum efter %(since)s, eller lämna fältet tomt."
        ) % {"since": network.member_since.isoformat()}
    fee = network.yearly_fee
    if fee is not None:
        field = Network._meta.get_field("yearly_fee")
        whole_digits = field.max_digits - field.decimal_places
        if fee < 0:
            errors["yearly_fee"] = _("Årsavgiften kan inte vara negativ. Ange 0 eller mer, eller lämna fältet tomt.")
        elif fee >= Decimal(10) ** whole_digits:
            errors["yearly_fee"] = _("Årsavgiften är för stor. Ange högst %(max)s kronor.") % {
                "max": "9" * whole_digits
            }
        elif fee != fee.quantize(Decimal("0.01")):
            errors["yearly_fee"] = _("Ange årsavgiften med högst två decimaler (öre).")
    if errors:
        raise ValidationError(errors)
    network.full_clean()


def _clean_network_fields(fields: dict) -> dict:
    cleaned = {k: v for k, v in fields.items() if k in NETWORK_FIELDS}
    for name in NETWORK_TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "yearly_fee" in cleaned:
        try:
            cleaned["yearly_fee"] = parse_fee(cleaned["yearly_fee"])
        except ValueError:
            raise ValidationError({"yearly_fee": str(FEE_MESSAGE)}) from None
    return cleaned


def create_network(*, by, fields: dict, objectives=()) -> Network:
    """Register a membership of the municipality in a network or association, with the objectives it serves."""
    ensure_role(by, "partner", "change")
    network = Network(**_clean_network_fields(fields))
    objectives = list(dict.fromkeys(objectives))
    _validate_network(network)
    with transaction.atomic():
        network.save()
        network.objectives.set(objectives)
        history.record(
            network,
            by=by,
            action=Change.Action.CREATED,
            changes=history.diff({}, network_snapshot(network, objectives)),
        )
    return network


def update_network(network: Network, *, by, fields: dict, objectives=None, reason: str = "") -> Network:
    """Save edits to a network membership; `objectives` replace the old ones when given."""
    ensure_role(by, "partner", "change")
    before = network_snapshot(network)
    old_objectives = list(network.objectives.all())
    for name, value in _clean_network_fields(fields).items():
        setattr(network, name, value)
    objectives = old_objectives if objectives is None else list(dict.fromkeys(objectives))
    _validate_network(network)
    with transaction.atomic():
        changes = history.diff(before, network_snapshot(network, objectives))
        if changes:
            network.save()
            network.objectives.set(objectives)
            history.record(network, by=by, action=Change.Action.UPDATED, changes=changes, reason=reason)
    return network
