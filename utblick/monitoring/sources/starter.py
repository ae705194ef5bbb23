"""The shipped starter list (monitoring/data/starter_sources.yaml): read it, and add the sources not yet present."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from utblick.monitoring.models import Source
from utblick.monitoring.sources.actions import create_source
from utblick.monitoring.sources.checks import SOURCE_FIELDS, source_problems

STARTER_FILE = Path(__file__).resolve().parent.parent / "data" / "starter_sources.yaml"


class StarterListError(Exception):
    """The data file cannot be used; the message is a Swedish sentence."""


@dataclass
class StarterResult:
    added: list[Source] = field(default_factory=list)
    present: list[tuple[str, str]] = field(default_factory=list)  # (name in the list, name of the existing source)


def read_starter_list(path: Path = STARTER_FILE) -> list[dict]:
    """The entries of the starter list, each checked like a source from the form; StarterListError otherwise."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise StarterListError(
            _("Startlistan %(path)s kan inte läsas: %(error)s") % {"path": path, "error": error}
        ) from None
    entries = (data or {}).get("sources") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise StarterListError(_("Startlistan %(path)s saknar en lista ”sources”.") % {"path": path})
    problems = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(_("Post %(number)d är inte en källa med fält.") % {"number": number})
            continue
        unknown = sorted(set(entry) - set(SOURCE_FIELDS))
        if unknown:
            problems.append(
                _("Post %(number)d har okända fält: %(fields)s.") % {"number": number, "fields": ", ".join(unknown)}
            )
        for field_name, problem in source_problems(entry, check_duplicate=False).items():
            problems.append(
                _("Post %(number)d (%(field)s): %(problem)s")
                % {"number": number, "field": field_name, "problem": problem}
            )
    urls = [entry.get("url") for entry in entries if isinstance(entry, dict)]
    if len(set(urls)) != len(urls):
        problems.append(_("Samma adress står flera gånger i startlistan."))
    if problems:
        raise StarterListError(" ".join(problems))
    return entries


def load_starter_sources(*, by, path: Path = STARTER_FILE) -> StarterResult:
    """Add the starter list's sources whose address is not yet a source, in one transaction."""
    entries = read_starter_list(path)
    existing = dict(Source.objects.filter(url__in=[entry["url"] for entry in entries]).values_list("url", "name"))
    result = StarterResult()
    with transaction.atomic():
        for entry in entries:
            if entry["url"] in existing:
                result.present.append((entry["name"], existing[entry["url"]]))
                continue
            result.added.append(create_source(by=by, fields=entry))
    return result
