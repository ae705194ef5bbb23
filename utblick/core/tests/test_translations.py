"""English is complete: every Swedish string has an English translation, and the pages read in English."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

# %(name)s, %(seconds).1f, %s, %d ... and {{ var }} as they appear in msgids.
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]|%[sd]|\{\{\s*\w+\s*\}\}")


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, msgstr (list of forms) and flags. Obsolete entries are left out."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": {}}
        current = None
        for line in block.splitlines():
            if line.startswith("#~"):
                current = "obsolete"
                break
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith("msgctxt "):
                current = ("msgctxt",)
                entry["msgctxt"] = ast.literal_eval(line.split(" ", 1)[1])
            elif line.startswith("msgid_plural "):
                current = ("msgid_plural",)
                entry["msgid_plural"] = ast.literal_eval(line.split(" ", 1)[1])
            elif line.startswith("msgid "):
                current = ("msgid",)
                entry["msgid"] = ast.literal_eval(line.split(" ", 1)[1])
            elif line.startswith("msgstr"):
                keyword, text = line.split(" ", 1)
                index = int(keyword[7:-1]) if "[" in keyword else 0
                current = ("msgstr", index)
                entry["msgstr"][index] = ast.literal_eval(text)
            elif line.startswith('"') and current:
                text = ast.literal_eval(line)
                if current[0] == "msgstr":
                    entry["msgstr"][current[1]] += text
                else:
                    entry[current[0]] += text
        if current not in (None, "obsolete"):
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def po_entries():
    entries = read_po(PO_FILE)
    assert entries and entries[0]["msgid"] == "", "the .po file should start with its header"
    return entries


def test_the_english_catalogue_has_no_fuzzy_entries(po_entries):
    fuzzy = [e["msgid"] or "(header)" for e in po_entries if "fuzzy" in e["flags"]]
    assert fuzzy == [], f"check these translations and remove '#, fuzzy': {fuzzy}"


def test_every_swedish_string_has_an_english_translation(po_entries):
    messages = po_entries[1:]
    assert len(messages) > 300
    untranslated = [e["msgid"] for e in messages if not e["msgstr"] or not all(e["msgstr"].values())]
    assert untranslated == [], f"translate these in {PO_FILE}: {untranslated}"


def test_plural_entries_have_both_english_forms(po_entries):
    plurals = [e for e in po_entries if e["msgid_plural"] is not None]
    assert plurals
    for entry in plurals:
        assert sorted(entry["msgstr"]) == [0, 1], entry["msgid"]


def test_translations_keep_every_placeholder(po_entries):
    for entry in po_entries[1:]:
        for form, text in entry["msgstr"].items():
            source = entry["msgid"] if form == 0 or entry["msgid_plural"] is None else entry["msgid_plural"]
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (entry["msgid"], text)


def test_the_compiled_catalogue_is_up_to_date_with_the_po_file(po_entries):
    with MO_FILE.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert compiled.info().get("language") == "en"
    stale = []
    for entry in po_entries[1:]:
        if entry["msgctxt"] is not None:
            if compiled.pgettext(entry["msgctxt"], entry["msgid"]) != entry["msgstr"][0]:
                stale.append(entry["msgid"])
        elif entry["msgid_plural"] is None:
            if compiled.gettext(entry["msgid"]) != entry["msgstr"][0]:
                stale.append(entry["msgid"])
        else:
            singular = compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            plural = compiled.ngettext(entry["msgid"], entry["msgid_plural"], 2)
            if (singular, plural) != (entry["msgstr"][0], entry["msgstr"][1]):
                stale.append(entry["msgid"])
    assert stale == [], "run `make messages` (or manage.py compilemessages) and commit django.mo"


def english_page(client, url):
    response = client.post("/sprak/", {"language": "en", "next": url})
    assert response.status_code == 302
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en">' in page
    return page


def test_sara_sees_the_start_page_in_english(client_for, make_engagement):
    make_engagement(title="Skolutbyte med Røros")
    page = english_page(client_for("sara"), "/")
    for heading in ("Welcome, Sara", "My engagements", "Needs action", "Ongoing engagements", "Upcoming dates"):
        assert heading in page
    for swedish in ("Välkommen", "Mina engagemang", "Behöver åtgärd", "Pågående engagemang", "Kommande datum"):
        assert swedish not in page
    assert "Log out" in page and "Logga ut" not in page


def test_sara_sees_the_engagement_list_in_english(client_for, make_engagement):
    make_engagement(title="Skolutbyte med Røros")
    page = english_page(client_for("sara"), "/engagemang/")
    for text in ("<h1>Engagements</h1>", "Search and filter", "1 engagement", "Export to CSV", "Export to Excel"):
        assert text in page
    for swedish in ("Sök och filtrera", "Rensa filter", "Exportera till", "Alla enheter", "Nytt engagemang"):
        assert swedish not in page
    assert "Skolutbyte med Røros" in page  # data stays as the users wrote it


def test_sara_sees_the_new_engagement_form_in_english(client_for):
    page = english_page(client_for("sara"), "/engagemang/nytt/")
    for text in (
        "<h1>New engagement</h1>",
        "Basic details",
        "Purpose and added value",
        "Responsible persons",
        "Partner organisations",
        "Register engagement",
    ):
        assert text in page
    for swedish in ("Nytt engagemang", "Grunduppgifter", "Syfte och mervärde", "Ansvariga", "Registrera engagemang"):
        assert swedish not in page
    assert "Netherlands" in page and "Nederländerna" not in page  # country names follow the language too
