"""OPML: importing on the page and from the command line (good files, duplicates, nested categories, and every
kind of broken file writing nothing), and exporting the feeds so that the file imports back to the same sources."""

import io
from xml.etree import ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from utblick.core.history import history_of
from utblick.monitoring.models import Source
from utblick.monitoring.sources.opml import MAX_OPML_BYTES, OpmlError, export_opml, import_opml, parse_opml
from utblick.monitoring.tests.sources_helpers import make_source

GOOD = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Prenumerationer</title></head>
  <body>
    <outline text="EU" title="EU">
      <outline text="Interreg Aurora" type="rss" xmlUrl="https://www.interregaurora.eu/feed/" htmlUrl="https://www.interregaurora.eu/"/>
      <outline text="Finansiering" title="Finansiering">
        <outline text="Tillväxtverket – utlysningar" type="rss" xmlUrl="https://tillvaxtverket.se/rss?x=1&amp;y=2"/>
      </outline>
    </outline>
    <outline title="Region Jämtland Härjedalen" type="rss" xmlUrl="https://www.regionjh.se/rss" description="Regionens nyheter"/>
    <outline text="Bara en länk" type="link" url="https://example.org/"/>
  </body>
</opml>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<opml version="2.0"><head/><body><outline text="&lol4;" xmlUrl="https://example.org/feed"/></body></opml>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE opml [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<opml version="2.0"><head/><body><outline text="&secret;" xmlUrl="https://example.org/feed"/></body></opml>"""


def upload(client, content: bytes, name="feeds.opml"):
    return client.post(
        "/bevakning/kallor/opml/import/", {"file": SimpleUploadedFile(name, content, content_type="text/x-opml")}
    )


def test_a_good_file_adds_every_feed_nested_categories_flattened(client_for, sara):
    response = upload(client_for("sara"), GOOD.encode())
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 källor lades till, 0 hoppades över." in page
    names = sorted(Source.objects.values_list("name", flat=True))
    assert names == ["Interreg Aurora", "Region Jämtland Härjedalen", "Tillväxtverket – utlysningar"]
    tillvaxt = Source.objects.get(name="Tillväxtverket – utlysningar")
    assert tillvaxt.url == "https://tillvaxtverket.se/rss?x=1&y=2"
    assert tillvaxt.kind == Source.Kind.FEED
    assert Source.objects.get(name="Region Jämtland Härjedalen").description == "Regionens nyheter"
    assert history_of(tillvaxt).get().actor == sara


def test_addresses_already_present_or_repeated_are_skipped_and_listed(client_for, units):
    make_source(name="Aurora (från förut)", url="https://www.interregaurora.eu/feed/")
    repeated = GOOD.replace(
        '<outline text="Bara en länk"',
        '<outline text="Aurora igen" xmlUrl="https://www.regionjh.se/rss"/><outline text="Bara en länk"',
    )
    page = upload(client_for("sara"), repeated.encode()).content.decode()
    assert "2 källor lades till, 2 hoppades över." in page
    assert "Källan finns redan: Aurora (från förut)." in page
    assert "Adressen står flera gånger i filen." in page
    assert Source.objects.count() == 3


BROKEN = [
    (b"", "Välj en OPML-fil"),  # Django refuses an empty upload before we see it
    (b"   \n", "Filen är tom"),
    (b"<opml><body><outline text='x' xmlUrl='https://example.org/a'>", "inte giltig XML"),
    (b"<html><body>Inte OPML</body></html>", "inte en OPML-fil"),
    (BILLION_LAUGHS.encode(), "entiteter"),
    (EXTERNAL_ENTITY.encode(), "entiteter"),
    (
        '<?xml version="1.0" encoding="UTF-8"?><opml><body><outline text="Göteborg" xmlUrl="https://e.se/f"/></body></opml>'.encode(
            "latin-1"
        ),
        "inte kodad som den anger (UTF-8)",
    ),
    (b'<?xml version="1.0" encoding="klingon"?><opml/>', "inte känns igen"),
    (b'<opml version="2.0"><body><outline text="Kategori"/></body></opml>', "inga flöden"),
    (
        b'<opml version="2.0"><body><outline text="FTP" xmlUrl="ftp://example.org/feed"/></body></opml>',
        "http:// eller https://",
    ),
]


@pytest.mark.parametrize(("content", "message"), BROKEN)
def test_a_broken_file_is_refused_in_swedish_and_writes_nothing(client_for, units, content, message):
    make_source(name="Befintlig")
    response = upload(client_for("sara"), content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Source.objects.count() == 1


def test_a_file_over_two_megabytes_is_refused(client_for, units):
    huge = GOOD.replace("<body>", "<body>" + "<!--" + "x" * MAX_OPML_BYTES + "-->").encode()
    page = upload(client_for("sara"), huge).content.decode()
    assert "Filen är för stor (högst 2 MB)" in page
    assert not Source.objects.exists()
    with pytest.raises(OpmlError, match="för stor"):
        parse_opml(huge)


def test_a_windows_1252_file_that_says_so_is_read(sara):
    content = '<?xml version="1.0" encoding="windows-1252"?><opml><body><outline text="Östersund – nyheter" xmlUrl="https://ostersund.se/rss"/></body></opml>'
    result = import_opml(content.encode("cp1252"), by=sara)
    assert [source.name for source in result.added] == ["Östersund – nyheter"]


def test_one_bad_feed_among_good_ones_writes_nothing(sara):
    content = GOOD.replace("https://www.regionjh.se/rss", "javascript:alert(1)").encode()
    with pytest.raises(OpmlError) as caught:
        import_opml(content, by=sara)
    assert "Region Jämtland Härjedalen" in caught.value.problems[0]
    assert not Source.objects.exists()


def test_the_export_is_opml_2_with_the_feeds_and_without_the_pages(client_for, units):
    make_source(name="Aurora", url="https://www.interregaurora.eu/feed/", description="Nyheter & utlysningar")
    make_source(name="Inaktiv", url="https://example.org/old.xml", is_active=False)
    make_source(name="NPA", url="https://www.interreg-npa.eu/news/", kind="page", item_selector="a", title_selector="a")
    response = client_for("sara").get("/bevakning/kallor/opml/")
    assert response["Content-Type"].startswith("text/x-opml")
    assert "attachment" in response["Content-Disposition"]
    root = ET.fromstring(response.content)
    assert root.get("version") == "2.0"
    outlines = root.findall("./body/outline")
    assert [(o.get("text"), o.get("xmlUrl"), o.get("type")) for o in outlines] == [
        ("Aurora", "https://www.interregaurora.eu/feed/", "rss"),
        ("Inaktiv", "https://example.org/old.xml", "rss"),
    ]
    assert outlines[0].get("description") == "Nyheter & utlysningar"


def test_an_exported_file_imports_back_to_the_same_feeds(sara):
    make_source(name="Aurora – nyheter", url="https://www.interregaurora.eu/feed/", description="Norr")
    make_source(name="Tillväxtverket", url="https://tillvaxtverket.se/rss?a=1&b=2")
    before = sorted(Source.objects.values_list("name", "url", "description"))
    exported = export_opml(Source.objects.all())
    Source.objects.all().delete()
    result = import_opml(exported, by=sara)
    assert len(result.added) == 2
    assert sorted(Source.objects.values_list("name", "url", "description")) == before


def test_the_command_prints_a_line_per_feed(tmp_path, units):
    make_source(name="Aurora sedan tidigare", url="https://www.interregaurora.eu/feed/")
    path = tmp_path / "feeds.opml"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_opml", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert (
        "Överhoppad: Interreg Aurora (https://www.interregaurora.eu/feed/): Källan finns redan: Aurora sedan tidigare."
        in lines
    )
    assert "Tillagd: Region Jämtland Härjedalen (https://www.regionjh.se/rss)" in lines
    assert lines[-1] == "2 källor tillagda, 1 överhoppade."
    assert history_of(Source.objects.get(name="Region Jämtland Härjedalen")).get().actor_name == "System"


def test_the_command_refuses_a_broken_file_and_writes_nothing(tmp_path, units):
    path = tmp_path / "bomb.opml"
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="ingenting har sparats"):
        call_command("import_opml", str(path), stderr=err)
    assert "entiteter" in err.getvalue()
    assert not Source.objects.exists()
    with pytest.raises(CommandError, match="finns inte"):
        call_command("import_opml", str(tmp_path / "saknas.opml"))
