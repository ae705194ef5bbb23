"""Downloading the annual report from the web: the form starts a background export, the status page and its
JSON follow it, the finished file downloads; only the one who asked (or the coordinator) sees an export."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.matrix import PERSONAS
from utblick.engagements.models import Status
from utblick.reports.annual import export as exports
from utblick.reports.models import ReportExport

EXPORT_URL = "/uppfoljning/arsrapport/export/"


@pytest.fixture
def year_of_work(make_engagement, units):
    make_engagement(title="Skolutbyte med Røros", status=Status.ONGOING)
    make_engagement(title="Kulturfestival med Tartu", status=Status.ONGOING, owner_unit=units["kultur"])


@pytest.fixture
def queued_only(settings):
    """Exports wait in the queue (no worker runs them), as on a busy server."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def post(client, **fields):
    data = {"year": "2025", "unit": "", "format": "xlsx", **fields}
    return client.post(EXPORT_URL, data)


def test_hans_downloads_the_whole_municipalitys_report_as_word(client_for, year_of_work):
    hans = client_for("hans")
    response = post(hans, format="docx")
    made = ReportExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:annual_export_status", args=[made.pk])

    page = hans.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Årsrapporten 2025 – Hela kommunen som fil" in html
    assert 'aria-live="polite"' in html
    assert "Klar. Filen kan laddas ned." in html
    assert "Ladda ned internationellt-arbete-2025-hela-kommunen.docx" in html
    assert "<progress" in html and 'for="export-progress"' in html

    state = hans.get(reverse("reports:annual_export_json", args=[made.pk])).json()
    assert state["done"] is True and state["progress"] == 100
    assert state["file_url"] == reverse("reports:annual_export_file", args=[made.pk])

    download = hans.get(state["file_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == exports.FORMATS["docx"].content_type
    assert download["Content-Disposition"] == 'attachment; filename="internationellt-arbete-2025-hela-kommunen.docx"'
    assert download.content[:2] == b"PK"


def test_the_report_pages_buttons_start_an_export_without_a_unit_field(client_for, year_of_work):
    """reports/annual.html posts year and format, and the unit only for a unit's report."""
    response = client_for("lisa").post(EXPORT_URL, {"year": "2025", "format": "pdf"})
    made = ReportExport.objects.get()
    assert response["Location"] == reverse("reports:annual_export_status", args=[made.pk])
    assert (made.unit, made.format, made.status) == (None, "pdf", "done")


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_a_units_report_downloads_as_pdf_and_excel_with_the_units_name(client_for, year_of_work, units, fmt):
    hans = client_for("hans")
    post(hans, format=fmt, unit=str(units["buf"].pk))
    made = ReportExport.objects.get()
    assert made.status == ReportExport.Status.DONE and made.unit == units["buf"]
    download = hans.get(reverse("reports:annual_export_file", args=[made.pk]))
    assert download["Content-Type"] == exports.FORMATS[fmt].content_type
    assert f"internationellt-arbete-2025-barn-utbildning-och-fritid.{fmt}" in download["Content-Disposition"]


def test_the_export_goes_through_the_three_steps(client_for, year_of_work, monkeypatch):
    seen = []
    real_render = exports.FORMATS["pdf"].render

    def watching(report, drawings):
        made = ReportExport.objects.get()
        seen.append((made.status, made.progress, made.step))
        return real_render(report, drawings)

    real_draw_all = exports.draw_all

    def watching_draw(report):
        made = ReportExport.objects.get()
        seen.append((made.status, made.progress, made.step))
        return real_draw_all(report)

    monkeypatch.setitem(exports.FORMATS, "pdf", exports.Format("pdf", "application/pdf", watching))
    monkeypatch.setattr(exports, "draw_all", watching_draw)
    post(client_for("hans"), format="pdf")
    assert seen == [("running", 40, "Ritar diagrammen"), ("running", 70, "Skriver dokumentet")]
    made = ReportExport.objects.get()
    assert (made.status, made.progress, made.step) == ("done", 100, "Klar")
    assert made.finished_at is not None


def test_while_an_export_waits_the_page_offers_a_reload_link_and_the_file_is_not_there_yet(client_for, queued_only):
    hans = client_for("hans")
    response = post(hans)
    made = ReportExport.objects.get()
    assert made.status == ReportExport.Status.QUEUED
    html = hans.get(response["Location"]).content.decode()
    assert "I kö: rapporten börjar snart skapas." in html
    assert ">Uppdatera</a>" in html
    assert 'id="export-download" hidden' in html
    assert "core/background_status.js" in html
    state = hans.get(reverse("reports:annual_export_json", args=[made.pk])).json()
    assert state == {
        "status": "queued",
        "running": True,
        "done": False,
        "progress": 0,
        "step": "",
        "message": "I kö: rapporten börjar snart skapas.",
        "file_url": "",
    }
    early = hans.get(reverse("reports:annual_export_file", args=[made.pk]))
    assert early.status_code == 302 and early["Location"] == reverse("reports:annual_export_status", args=[made.pk])

    exports.run_export(made.pk)  # what the worker does
    state = hans.get(reverse("reports:annual_export_json", args=[made.pk])).json()
    assert state["done"] is True and state["message"] == "Klar. Filen kan laddas ned."
    assert ">Uppdatera</a>" not in hans.get(response["Location"]).content.decode()


def test_a_failed_export_says_why_and_offers_to_try_again(client_for, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("databasen svarar inte")

    monkeypatch.setattr(exports, "build_report", broken)
    hans = client_for("hans")
    response = post(hans, format="docx")
    made = ReportExport.objects.get()
    assert made.status == ReportExport.Status.FAILED
    html = hans.get(response["Location"]).content.decode()
    assert "Filen kunde inte skapas" in html
    assert "Rapporten kunde inte skapas på grund av ett oväntat fel. Försök igen" in html
    assert "databasen svarar inte" not in html
    assert "Försök igen</a>" in html
    assert hans.get(reverse("reports:annual_export_json", args=[made.pk])).json()["running"] is False


def test_an_export_is_not_made_when_the_right_was_taken_away_before_it_ran(client_for, personas, queued_only):
    from utblick.organisation.models import Membership

    hans = client_for("hans")
    post(hans)
    made = ReportExport.objects.get()
    Membership.objects.filter(user=personas["hans"]).delete()
    exports.run_export(made.pk)
    made.refresh_from_db()
    assert made.status == ReportExport.Status.FAILED
    assert made.error.startswith("Du har inte längre behörighet att se den här rapporten.")
    assert made.content is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"year": "tjugo"}, "Ange året med fyra siffror, t.ex. 2025."),
        ({"year": "1999"}, "Året måste vara mellan 2000 och"),
        ({"year": ""}, "Ange vilket år rapporten ska gälla."),
        ({"format": "odt"}, "Välj filformat: Word, PDF eller Excel."),
        ({"unit": "999999"}, "Välj en enhet i listan; du kan bara välja enheter vars rapport du får se."),
    ],
)
def test_bad_input_gets_the_form_back_with_a_swedish_message_and_no_export(client_for, fields, message):
    response = post(client_for("hans"), **fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="error-summary"' in html
    assert not ReportExport.objects.exists()


def test_the_form_offers_only_the_units_whose_report_the_user_may_read(client_for, units):
    html = client_for("hans").get(EXPORT_URL).content.decode()
    assert "Ladda ned årsrapporten" in html
    assert f'value="{units["buf"].pk}"' in html
    assert f'value="{units["kultur"].pk}"' not in html
    assert "Hela kommunen" in html
    sara = client_for("sara").get(EXPORT_URL).content.decode()
    assert f'value="{units["kultur"].pk}"' in sara


def test_the_form_is_filled_in_from_the_report_pages_link(client_for, units):
    html = client_for("hans").get(f"{EXPORT_URL}?year=2024&format=pdf").content.decode()
    assert 'value="2024"' in html
    pdf_choice = re.search(r'<input type="radio" name="format" value="pdf"[^>]*>', html).group(0)
    assert "checked" in pdf_choice


def test_another_user_gets_404_for_hans_export_and_the_coordinator_sees_it(client_for, year_of_work):
    post(client_for("hans"))
    made = ReportExport.objects.get()
    urls = [
        reverse(name, args=[made.pk])
        for name in ("reports:annual_export_status", "reports:annual_export_json", "reports:annual_export_file")
    ]
    for username in ("karin", "fredrik", "per", "lisa"):
        client = client_for(username)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404], username
    sara = client_for("sara")
    assert [sara.get(url).status_code for url in urls] == [200, 200, 200]
    erik = client_for("erik")
    assert [erik.get(url).status_code for url in urls] == [403, 403, 403]
    anonymous = client_for(None)
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/konto/logga-in/")


# Municipality-wide report: every internal role; a unit's report: its own staff and those who read all units.
WHOLE = {"sara": 302, "hans": 302, "karin": 302, "fredrik": 302, "per": 302, "lisa": 302, "erik": 403, None: 302}
BUF = {"sara": 302, "hans": 302, "karin": 403, "fredrik": 302, "per": 302, "lisa": 302, "erik": 403, None: 302}
KULTUR = {"sara": 302, "hans": 403, "karin": 302, "fredrik": 403, "per": 302, "lisa": 302, "erik": 403, None: 302}


@pytest.mark.parametrize("username", PERSONAS)
@pytest.mark.parametrize(("unit_code", "expected"), [(None, WHOLE), ("buf", BUF), ("kultur", KULTUR)])
def test_who_may_export_which_report(client_for, units, username, unit_code, expected, queued_only):
    unit = str(units[unit_code].pk) if unit_code else ""
    response = post(client_for(username), unit=unit)
    assert response.status_code == expected[username]
    if username is None:
        assert response["Location"].startswith("/konto/logga-in/")
    elif expected[username] == 302:
        assert response["Location"] == reverse("reports:annual_export_status", args=[ReportExport.objects.get().pk])
    else:
        assert not ReportExport.objects.exists()


def test_the_export_page_needs_a_post_with_a_csrf_token(personas, client_for):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["hans"])
    assert client.post(EXPORT_URL, {"year": "2025", "format": "pdf"}).status_code == 403
    assert client_for("hans").put(EXPORT_URL).status_code == 405
    assert not ReportExport.objects.exists()


def test_exports_older_than_a_day_are_deleted_by_the_command_and_by_a_new_export(client_for, personas, queued_only):
    old = ReportExport.objects.create(requested_by=personas["hans"], year=2024, format="pdf", content=b"%PDF")
    ReportExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    recent = ReportExport.objects.create(requested_by=personas["karin"], year=2024, format="pdf")
    out = io.StringIO()
    call_command("delete_old_report_exports", stdout=out)
    assert out.getvalue().strip() == "1 gammal årsrapportfil togs bort."
    assert list(ReportExport.objects.all()) == [recent]

    ReportExport.objects.filter(pk=recent.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    post(client_for("hans"))
    assert ReportExport.objects.get().requested_by == personas["hans"]
