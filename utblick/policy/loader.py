"""Loading a municipality's policy file (policies/<municipality>.yaml; format in docs/policy-format.md).

Loading is idempotent: items are matched by code and updated, items missing from the file are kept
but marked as not in use, so engagements linked to them keep their history.
"""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction

from utblick.organisation.models import OrgUnit
from utblick.policy.models import Area, Objective, Policy, PriorityCriterion

ITEM_SECTIONS = {"objectives": Objective, "priority_criteria": PriorityCriterion, "areas": Area}
UNIT_KINDS = {kind.value for kind in OrgUnit.Kind}
SUGGESTIONS = {s.value for s in PriorityCriterion.Suggestion}


def read_policy_file(path: Path) -> dict:
    """Parse and check the file; raise ValidationError with Swedish messages that say what to fix."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ValidationError(f"Filen {path} finns inte.") from exc
    except UnicodeDecodeError as exc:
        raise ValidationError(f"Filen {path} är inte UTF-8-kodad. Spara den som UTF-8 och försök igen.") from exc
    except yaml.YAMLError as exc:
        raise ValidationError(f"Filen {path} är inte giltig YAML: {exc}") from exc
    errors = []
    if not isinstance(data, dict):
        raise ValidationError("Policyfilen ska vara en YAML-mappning med nycklarna municipality, name, objectives …")
    for key in ("municipality", "name"):
        if not str(data.get(key) or "").strip():
            errors.append(f"Nyckeln ”{key}” saknas eller är tom.")
    if not data.get("objectives"):
        errors.append("Policyn måste ha minst ett mål under ”objectives”.")
    _check_lengths(Policy, data, ("municipality", "name", "adopted"), "policyn", errors)
    for section in ITEM_SECTIONS:
        seen = set()
        for index, item in enumerate(data.get(section) or [], start=1):
            if (
                not isinstance(item, dict)
                or not str(item.get("code") or "").strip()
                or not str(item.get("name") or "").strip()
            ):
                errors.append(f"Post {index} under ”{section}” måste ha både code och name.")
                continue
            if item["code"] in seen:
                errors.append(f"Koden ”{item['code']}” förekommer två gånger under ”{section}”.")
            seen.add(item["code"])
            _check_lengths(ITEM_SECTIONS[section], item, ("code", "name"), f"{item['code']} under ”{section}”", errors)
            if section == "priority_criteria" and item.get("suggestion", "") not in SUGGESTIONS:
                errors.append(f"Okänt värde för suggestion på {item['code']}: ”{item['suggestion']}”.")
    codes: set[str] = set()
    _check_units(data.get("organisation") or [], codes, errors)
    if errors:
        raise ValidationError(errors)
    return data


def _check_units(units, codes, errors):
    for unit in units:
        if not isinstance(unit, dict) or not unit.get("code") or not unit.get("name"):
            errors.append("Varje enhet under ”organisation” måste ha code och name.")
            continue
        if unit["code"] in codes:
            errors.append(f"Enhetskoden ”{unit['code']}” förekommer två gånger.")
        codes.add(unit["code"])
        _check_lengths(OrgUnit, unit, ("code", "name"), f"enheten {unit['code']}", errors)
        try:
            validate_slug(str(unit["code"]))
        except ValidationError:
            errors.append(
                f"Enhetskoden ”{unit['code']}” får bara innehålla bokstäver a–z (utan å, ä och ö), siffror, "
                "bindestreck och understreck."
            )
        if unit.get("kind", "kontor") not in UNIT_KINDS:
            errors.append(
                f"Okänd enhetstyp ”{unit['kind']}” för {unit['code']}; välj en av {', '.join(sorted(UNIT_KINDS))}."
            )
        _check_units(unit.get("children") or [], codes, errors)


def _check_lengths(model, values: dict, keys, where: str, errors: list) -> None:
    """Values longer than the database column are refused by PostgreSQL and silently kept by SQLite: say so first."""
    for key in keys:
        limit = model._meta.get_field(key).max_length
        if len(str(values.get(key) or "").strip()) > limit:
            errors.append(f"Värdet för {key} i {where} är för långt: högst {limit} tecken. Korta det.")


@transaction.atomic
def load_policy(path: Path) -> Policy:
    """Create or update the policy and organisation described in the file."""
    data = read_policy_file(path)
    policy, _ = Policy.objects.update_or_create(
        municipality=data["municipality"].strip(),
        defaults={
            "name": data["name"].strip(),
            "adopted": str(data.get("adopted") or ""),
            "purpose": str(data.get("purpose") or "").strip(),
        },
    )
    for section, model in ITEM_SECTIONS.items():
        items = data.get(section) or []
        codes = []
        for order, item in enumerate(items, start=1):
            defaults = {
                "name": str(item["name"]).strip(),
                "description": str(item.get("description") or "").strip(),
                "order": order,
                "is_active": True,
            }
            if model is PriorityCriterion:
                defaults["suggestion"] = item.get("suggestion", "")
            model.objects.update_or_create(policy=policy, code=str(item["code"]), defaults=defaults)
            codes.append(str(item["code"]))
        model.objects.filter(policy=policy).exclude(code__in=codes).update(is_active=False)
    _load_units(data.get("organisation") or [], parent=None)
    return policy


def _load_units(units, parent):
    for unit in units:
        obj, _ = OrgUnit.objects.update_or_create(
            code=unit["code"],
            defaults={"name": unit["name"], "kind": unit.get("kind", "kontor"), "parent": parent, "is_active": True},
        )
        _load_units(unit.get("children") or [], parent=obj)


def active_policy() -> Policy | None:
    """The policy engagements are assessed against (the first loaded, when several exist)."""
    return Policy.objects.order_by("pk").first()
