"""A checked plan -> what the preview page shows, as JSON kept in PartnerImport.preview.

The check may run in a background task (partners.importing.jobs), so the page cannot hold the plan itself:
it shows this summary, and the coordinator's choices on likely duplicates are checked against it. The
import itself checks the file again against the register as it is then.
"""

from __future__ import annotations

from django_countries import countries

from utblick.partners.importing.validation import Plan
from utblick.partners.importing.writing import NEW

# The preview sends one choice per likely duplicate (Django accepts 1 000 fields in a form by default).
MAX_DECISIONS = 400
# How many organisations the preview lists by name; the counts above the list cover all of them.
PREVIEW_ROWS = 200
# How many problems it lists: a file with more has a systematic fault, and the first ones show it.
MAX_PROBLEMS = 1000


def preview_of(plan: Plan) -> dict:
    """The plan as the preview shows it: counts, problems, likely duplicates and the first organisations."""
    decisions = plan.decisions
    return {
        "rows": plan.rows,
        "problems": [{"row": p.row, "column": p.column, "message": p.message} for p in plan.problems[:MAX_PROBLEMS]],
        "problem_count": len(plan.problems),
        "unused_columns": plan.unused_columns,
        "counts": {
            "organisations_new": sum(1 for o in plan.organisations if o.existing is None and not o.matches),
            "organisations_linked": sum(1 for o in plan.organisations if o.existing is not None),
            "contacts_new": sum(1 for c in plan.contacts if c.existing is None and not c.matches),
            "contacts_linked": sum(1 for c in plan.contacts if c.existing is not None),
            "decisions": len(decisions),
        },
        # More than a page can decide on are not kept: the page then asks for a smaller file.
        "decisions": [_decision(item) for item in decisions] if len(decisions) <= MAX_DECISIONS else [],
        "organisations": [_organisation(item) for item in plan.organisations[:PREVIEW_ROWS]],
        "more_organisations": max(len(plan.organisations) - PREVIEW_ROWS, 0),
    }


def _decision(item) -> dict:
    is_organisation = item.key.startswith("o")
    return {
        "key": item.key,
        "is_organisation": is_organisation,
        "name": item.fields["name"],
        "country": item.fields["country"] if is_organisation else "",
        "email": "" if is_organisation else item.fields["email"],
        "rows": item.rows,
        "options": [
            {
                "pk": match.record.pk,
                "name": match.record.name,
                "country": match.record.country.code if is_organisation else "",
                "city": match.record.city if is_organisation else "",
                "email": "" if is_organisation else match.record.email,
                "reason": match.reason,
            }
            for match in item.matches
        ],
    }


def _organisation(item) -> dict:
    return {
        "name": item.fields["name"],
        "rows": item.rows,
        "existing": {"pk": item.existing.pk, "name": item.existing.name} if item.existing is not None else None,
        "likely_duplicate": item.existing is None and bool(item.matches),
        "contacts": [
            {
                "name": contact.fields["name"],
                "existing": contact.existing is not None,
                "likely_duplicate": contact.needs_decision,
            }
            for contact in item.contacts
        ],
    }


# ---- Reading it back -----------------------------------------------------------------------------------------


def chosen(decision: dict, data) -> str:
    """The posted choice for a likely duplicate: "new", the id of one of the offered records, or ''."""
    value = str(data.get(decision["key"], ""))
    if value == NEW or any(str(option["pk"]) == value for option in decision["options"]):
        return value
    return ""


def missing_choices(preview: dict, data) -> list[str]:
    """The keys of the likely duplicates without a valid choice in `data`."""
    return [decision["key"] for decision in preview.get("decisions", []) if not chosen(decision, data)]


def decision_rows(preview: dict, data, missing: list[str]) -> list[dict]:
    """For the template: each likely duplicate with its options (country names in the reader's language)."""
    rows = []
    for decision in preview.get("decisions", []):
        rows.append(
            {
                **decision,
                "country_name": countries.name(decision["country"]) if decision["country"] else "",
                "options": [
                    {**option, "country_name": countries.name(option["country"]) if option["country"] else ""}
                    for option in decision["options"]
                ],
                "chosen": chosen(decision, data),
                "missing": decision["key"] in missing,
            }
        )
    return rows
