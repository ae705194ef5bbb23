"""The shipped starter list: every entry is a valid source (checked without network), the command and the button
add those not present, and a broken list is refused."""

import io

import pytest
import yaml
from django.core.management import CommandError, call_command

from utblick.monitoring.models import Source
from utblick.monitoring.sources.checks import source_problems
from utblick.monitoring.sources.starter import STARTER_FILE, StarterListError, read_starter_list
from utblick.monitoring.tests.sources_helpers import make_source

WATCHED = ["Funding & Tenders", "Interreg Sverige-Norge", "Interreg Aurora", "Interreg NPA", "Erasmus+",
           "Tillväxtverket", "Region Jämtland Härjedalen", "European Office"]  # fmt: skip


def test_every_entry_of_the_starter_list_is_a_valid_source(db):
    entries = read_starter_list()
    for entry in entries:
        assert source_problems(entry, check_duplicate=False) == {}, entry["name"]
        assert entry["kind"] in ("feed", "page")
        assert entry["url"].startswith("https://")
    assert len({entry["url"] for entry in entries}) == len(entries)


def test_the_starter_list_covers_what_a_border_municipality_watches(db):
    names = " ".join(entry["name"] for entry in read_starter_list())
    for watched in WATCHED:
        assert watched in names


def test_the_starter_file_says_the_addresses_are_unchecked_and_marks_each_kind():
    text = STARTER_FILE.read_text(encoding="utf-8")
    assert "Källornas hälsa" in text and "inte kunnat" in text
    entries = yaml.safe_load(text)["sources"]
    assert text.count("  # feed:") + text.count("  # page:") == len(entries)


def test_the_command_adds_the_missing_sources_and_says_which_were_there(units):
    make_source(name="Aurora, egen", url="https://www.interregaurora.eu/feed/")
    out = io.StringIO()
    call_command("load_starter_sources", stdout=out)
    lines = out.getvalue().splitlines()
    total = len(read_starter_list())
    assert Source.objects.count() == total
    assert "Fanns redan: Interreg Aurora – nyheter (som Aurora, egen)" in lines
    assert lines[-1] == f"{total - 1} källor tillagda, 1 fanns redan."
    again = io.StringIO()
    call_command("load_starter_sources", stdout=again)
    assert again.getvalue().splitlines()[-1] == f"0 källor tillagda, {total} fanns redan."


def test_the_button_loads_the_starter_list(client_for, sara):
    response = client_for("sara").post("/bevakning/kallor/startlista/", follow=True)
    assert "Startlistan är inläst" in response.content.decode()
    page_source = Source.objects.get(url="https://www.interreg-npa.eu/news/")
    assert page_source.kind == "page" and page_source.item_selector and page_source.created_by == sara


BROKEN_LISTS = [
    ("sources: []\n", "saknar en lista"),
    ("sources:\n  - name: X\n    url: ftp://example.org/\n", "http:// eller https://"),
    ("sources:\n  - name: X\n    url: https://example.org/\n    kind: page\n", "urval för en post"),
    ("sources:\n  - name: X\n    url: https://example.org/\n    colour: red\n", "okända fält: colour"),
    ("sources:\n  - name: X\n    url: https://e.org/\n  - name: Y\n    url: https://e.org/\n", "flera gånger"),
    ("sources: [\n", "kan inte läsas"),
]


@pytest.mark.parametrize(("text", "message"), BROKEN_LISTS)
def test_a_broken_starter_list_is_refused_and_writes_nothing(tmp_path, units, text, message):
    path = tmp_path / "lista.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(StarterListError, match=message):
        read_starter_list(path)
    with pytest.raises(CommandError, match=message):
        call_command("load_starter_sources", "--file", str(path))
    assert not Source.objects.exists()
