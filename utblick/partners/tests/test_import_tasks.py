"""Large files are checked and imported as background tasks: the pages show how far they have come, a failure
writes nothing and says why in Swedish, and uploads never imported are deleted after a week."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_tasks import default_task_backend

from tests.matrix import ONLY_SARA, PERSONAS
from utblick.core.history import history_of
from utblick.core.roles import Role
from utblick.organisation.models import Membership
from utblick.partners.actions import create_contacts_bulk
from utblick.partners.importing import jobs
from utblick.partners.models import Contact, Organisation, PartnerImport
from utblick.partners.tests.import_files import HEADERS, RÖROS, TARTU, csv_file, xlsx

Status = PartnerImport.Status


@pytest.fixture
def in_the_background(monkeypatch):
    """Every file is handled as a large one: through the task backend (the tests' ImmediateBackend runs it)."""
    monkeypatch.setattr(jobs, "INLINE_MAX_BYTES", -1)


@pytest.fixture
def queued(in_the_background, settings):
    """Tasks are only queued (Django Tasks' DummyBackend), so a test can look at the pages while they wait."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return default_task_backend


def run_queued(backend):
    """What the worker (manage.py db_worker) does: run the queued tasks, in order."""
    while backend.results:
        result = backend.results.pop(0)
        result.task.call(*result.args, **result.kwargs)


def upload(client, content=None, name="partner.xlsx"):
    content = xlsx([HEADERS, TARTU, RÖROS]) if content is None else content
    return client.post("/partner/import/", {"file": SimpleUploadedFile(name, content)})


def register_counts():
    return Organisation.objects.count(), Contact.objects.count()


# ---- The task path, step by step ---------------------------------------------------------------------------------


def test_a_large_file_is_checked_in_the_background_while_the_page_shows_how_far_it_has_come(client_for, queued):
    client = client_for("sara")
    response = upload(client)
    stored = PartnerImport.objects.get()
    assert response["Location"] == f"/partner/import/{stored.pk}/"
    assert stored.status == Status.CHECKING
    assert [result.task.name for result in queued.results] == ["check_partner_import"]

    page = client.get(response["Location"]).content.decode()
    assert f'role="status" aria-live="polite" data-status-url="/partner/import/{stored.pk}/status/"' in page
    assert "Filen kontrolleras: 0 % klart." in page
    assert f'<a href="/partner/import/{stored.pk}/">Uppdatera sidan</a>' in page  # without JavaScript
    assert "core/background_status.js" in page
    assert ">Importera</button>" not in page
    assert client.get(f"/partner/import/{stored.pk}/status/").json() == {
        "status": "checking",
        "running": True,
        "progress": 0,
        "message": "Filen kontrolleras: 0 % klart.",
    }

    jobs._Progress(stored.pk)(0.5)
    assert client.get(f"/partner/import/{stored.pk}/status/").json()["message"] == "Filen kontrolleras: 50 % klart."

    run_queued(queued)
    stored.refresh_from_db()
    assert (stored.status, stored.progress) == (Status.CHECKED, 100)
    assert client.get(f"/partner/import/{stored.pk}/status/").json()["running"] is False
    page = client.get(f"/partner/import/{stored.pk}/").content.decode()
    assert "2 nya organisationer skapas." in page and "Mari Tamm" in page
    assert 'role="status"' not in page
    assert not Organisation.objects.exists()


def test_the_import_runs_in_the_background_and_the_page_shows_the_summary_when_it_is_done(client_for, queued, sara):
    client = client_for("sara")
    upload(client)
    run_queued(queued)
    stored = PartnerImport.objects.get()

    response = client.post(f"/partner/import/{stored.pk}/")
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.status == Status.IMPORTING
    page = client.get(f"/partner/import/{stored.pk}/").content.decode()
    assert "Importen pågår" in page
    assert "Importen har börjat. Filen kontrolleras en sista gång mot registret: 0 % klart." in page
    assert not Organisation.objects.exists()

    # A second click while it runs starts nothing more.
    response = client.post(f"/partner/import/{stored.pk}/", follow=True)
    assert "Importen har börjat." in response.content.decode()
    assert [result.task.name for result in queued.results] == ["import_partner_file"]

    run_queued(queued)
    stored.refresh_from_db()
    assert stored.status == Status.IMPORTED and stored.imported_at is not None
    assert stored.summary["organisations_created"] == 2 and stored.summary["contacts_created"] == 2
    assert bytes(stored.content) == b"" and stored.preview == {}
    assert register_counts() == (2, 2)
    for record in [*Organisation.objects.all(), *Contact.objects.all()]:
        assert history_of(record)[0].actor == sara
    page = client.get(f"/partner/import/{stored.pk}/").content.decode()
    assert "Filen importerades" in page
    assert client.get(f"/partner/import/{stored.pk}/status/").json()["message"] == "Importen är klar."


def test_with_the_tests_immediate_backend_the_whole_path_runs_through_the_tasks(client_for, in_the_background):
    client = client_for("sara")
    response = upload(client)
    stored = PartnerImport.objects.get()
    assert stored.status == Status.CHECKED
    assert "2 nya kontaktpersoner skapas." in client.get(response["Location"]).content.decode()
    client.post(f"/partner/import/{stored.pk}/")
    stored.refresh_from_db()
    assert stored.status == Status.IMPORTED
    assert register_counts() == (2, 2)


def test_a_task_run_twice_writes_the_file_once(client_for, queued, sara):
    client = client_for("sara")
    upload(client)
    run_queued(queued)
    stored = PartnerImport.objects.get()
    client.post(f"/partner/import/{stored.pk}/")
    (result,) = queued.results
    run_queued(queued)
    result.task.call(*result.args, **result.kwargs)  # e.g. a worker that ran it again after a restart
    stored.refresh_from_db()
    assert stored.status == Status.IMPORTED
    assert register_counts() == (2, 2)


# ---- Failures ----------------------------------------------------------------------------------------------------


def test_a_failing_import_task_writes_nothing_and_the_page_says_why_in_swedish(client_for, queued, monkeypatch):
    client = client_for("sara")
    upload(client)
    run_queued(queued)
    stored = PartnerImport.objects.get()

    def break_down(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("utblick.partners.importing.writing.create_contacts_bulk", break_down)
    assert client.post(f"/partner/import/{stored.pk}/").status_code == 302
    with pytest.raises(RuntimeError):  # the worker logs the task as failed, with the traceback
        run_queued(queued)
    stored.refresh_from_db()
    assert stored.status == Status.CHECKED and stored.imported_at is None
    assert bytes(stored.content) != b""  # kept: the file can be imported again
    assert register_counts() == (0, 0)  # the organisations written before the failure were rolled back
    page = client.get(f"/partner/import/{stored.pk}/").content.decode()
    assert "Importen gick inte att genomföra" in page
    assert "Importen avbröts av ett oväntat fel och ingenting har sparats." in page
    assert "the disk is full" not in page
    assert ">Importera</button>" in page

    monkeypatch.setattr("utblick.partners.importing.writing.create_contacts_bulk", create_contacts_bulk)
    client.post(f"/partner/import/{stored.pk}/")
    run_queued(queued)
    stored.refresh_from_db()
    assert stored.status == Status.IMPORTED and stored.error == ""
    assert register_counts() == (2, 2)


def test_a_small_file_that_fails_shows_why_on_the_same_page(client_for, monkeypatch):
    client = client_for("sara")
    upload(client)
    stored = PartnerImport.objects.get()
    monkeypatch.setattr("utblick.partners.importing.writing.create_contacts_bulk", lambda **kwargs: 1 / 0)
    response = client.post(f"/partner/import/{stored.pk}/")
    assert response.status_code == 200
    assert "Importen avbröts av ett oväntat fel och ingenting har sparats." in response.content.decode()
    assert register_counts() == (0, 0)


def test_an_import_that_finds_new_likely_duplicates_asks_again_and_writes_nothing(
    client_for, queued, make_organisation
):
    client = client_for("sara")
    upload(client)
    run_queued(queued)
    stored = PartnerImport.objects.get()
    client.post(f"/partner/import/{stored.pk}/")
    roros = make_organisation(name="Roros kommun")  # added by someone else meanwhile
    run_queued(queued)
    stored.refresh_from_db()
    assert stored.status == Status.CHECKED
    assert register_counts() == (1, 0)
    page = client.get(f"/partner/import/{stored.pk}/").content.decode()
    assert "Välj för varje möjlig dubblett om den befintliga ska användas eller en ny skapas." in page
    assert f'value="{roros.pk}"' in page  # the new preview offers it


def test_a_coordinator_who_lost_the_role_before_the_task_ran_gets_nothing_written(client_for, queued, sara):
    client = client_for("sara")
    upload(client)
    run_queued(queued)
    stored = PartnerImport.objects.get()
    client.post(f"/partner/import/{stored.pk}/")
    Membership.objects.filter(user=sara).update(role=Role.LASARE)
    run_queued(queued)
    stored.refresh_from_db()
    assert stored.status == Status.CHECKED
    assert stored.error == "Du har inte längre behörighet att importera partner. Ingenting har sparats."
    assert register_counts() == (0, 0)


def test_a_check_that_breaks_down_says_so_and_can_be_started_again(client_for, in_the_background, monkeypatch):
    def break_down(*args, **kwargs):
        raise RuntimeError("openpyxl crashed")

    monkeypatch.setattr(jobs, "check_file", break_down)
    client = client_for("sara")
    upload(client)
    stored = PartnerImport.objects.get()
    assert stored.status == Status.FAILED
    page = client.get(f"/partner/import/{stored.pk}/").content.decode()
    assert "Filen kunde inte kontrolleras" in page
    assert "Kontrollen av filen avbröts av ett oväntat fel." in page and "openpyxl" not in page
    assert ">Kontrollera filen igen</button>" in page
    assert ">Importera</button>" not in page

    monkeypatch.undo()
    monkeypatch.setattr(jobs, "INLINE_MAX_BYTES", -1)
    assert client.post(f"/partner/import/{stored.pk}/").status_code == 302
    stored.refresh_from_db()
    assert stored.status == Status.CHECKED and stored.error == ""
    assert not Organisation.objects.exists()  # checking again imports nothing


def test_a_check_or_import_that_runs_for_long_tells_what_to_do(client_for, queued):
    client = client_for("sara")
    upload(client)
    stored = PartnerImport.objects.get()
    assert "Det här tar längre tid än väntat" not in client.get(f"/partner/import/{stored.pk}/").content.decode()
    PartnerImport.objects.filter(pk=stored.pk).update(status_changed_at=timezone.now() - datetime.timedelta(hours=1))
    page = client.get(f"/partner/import/{stored.pk}/").content.decode()
    assert "Det här tar längre tid än väntat" in page and "db_worker" in page


def test_an_import_from_before_the_tasks_is_checked_when_opened(client_for, sara):
    stored = PartnerImport.objects.create(file_name="a.xlsx", content=xlsx([HEADERS, TARTU]), created_by=sara)
    assert stored.status == Status.UPLOADED
    assert "1 ny organisation skapas." in client_for("sara").get(f"/partner/import/{stored.pk}/").content.decode()


def test_the_list_of_recent_files_shows_what_is_running(client_for, queued):
    client = client_for("sara")
    upload(client)
    page = client.get("/partner/import/").content.decode()
    assert "<td>Kontrolleras</td>" in page
    assert "En fil som inte importeras tas bort efter 7 dagar." in page


def test_a_file_with_very_many_problems_lists_the_first_ones_and_counts_all(client_for, monkeypatch):
    from utblick.partners.importing import preview

    monkeypatch.setattr(preview, "MAX_PROBLEMS", 2)
    rows = [["Organisation", "Land"]] + [[f"Stad {n}", "Narnia"] for n in range(5)]
    response = upload(client_for("sara"), csv_file(rows), "fel.csv")
    page = client_for("sara").get(response["Location"]).content.decode()
    assert "Rätta de 5 felen i filen och ladda upp den igen." in page
    assert page.count("Landet ”Narnia” känns inte igen.") == 2
    assert "… och 3 fel till, som inte visas." in page


# ---- The status for the page's script: permissions ---------------------------------------------------------------


@pytest.fixture
def stored(sara):
    return PartnerImport.objects.create(file_name="partner.xlsx", content=xlsx([HEADERS, TARTU]), created_by=sara)


@pytest.mark.parametrize("username", PERSONAS)
def test_only_the_coordinator_who_uploaded_the_file_sees_its_status(client_for, stored, username):
    assert client_for(username).get(f"/partner/import/{stored.pk}/status/").status_code == ONLY_SARA[username]


def test_the_status_of_another_coordinators_file_or_an_unknown_one_is_404(client_for, stored, units):
    sofia = get_user_model().objects.create_user("sofia")
    Membership.objects.create(user=sofia, unit=units["nuk"], role=Role.SAMORDNARE)
    client = Client()
    client.force_login(sofia)
    assert client.get(f"/partner/import/{stored.pk}/status/").status_code == 404
    assert client_for("sara").get("/partner/import/999999/status/").status_code == 404


def test_the_status_is_only_read(client_for, stored):
    assert client_for("sara").post(f"/partner/import/{stored.pk}/status/").status_code == 405


# ---- Uploads never imported ---------------------------------------------------------------------------------------


def _aged(stored, days):
    PartnerImport.objects.filter(pk=stored.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))


def test_uploads_never_imported_are_deleted_after_a_week_when_someone_uploads(client_for, sara, hans):
    old = PartnerImport.objects.create(file_name="gammal.xlsx", content=b"personuppgifter", created_by=sara)
    recent = PartnerImport.objects.create(file_name="ny.xlsx", content=b"x", created_by=sara)
    imported = PartnerImport.objects.create(
        file_name="klar.xlsx", content=b"", created_by=sara, imported_at=timezone.now(), status=Status.IMPORTED
    )
    _aged(old, 8)
    _aged(recent, 6)
    _aged(imported, 30)
    upload(client_for("sara"))
    assert not PartnerImport.objects.filter(pk=old.pk).exists()
    assert PartnerImport.objects.filter(pk__in=[recent.pk, imported.pk]).count() == 2


def test_the_command_deletes_uploads_never_imported_after_a_week(sara, capsys):
    old = PartnerImport.objects.create(file_name="gammal.xlsx", content=b"personuppgifter", created_by=sara)
    _aged(old, 7.1)
    kept = PartnerImport.objects.create(file_name="ny.xlsx", content=b"x", created_by=sara)
    call_command("delete_stale_partner_imports")
    assert "1 uppladdad fil som aldrig importerades togs bort." in capsys.readouterr().out
    assert list(PartnerImport.objects.all()) == [kept]
    call_command("delete_stale_partner_imports")
    assert "0 uppladdade filer som aldrig importerades togs bort." in capsys.readouterr().out


def test_a_task_for_a_deleted_upload_does_nothing(client_for, queued):
    upload(client_for("sara"))
    PartnerImport.objects.all().delete()
    run_queued(queued)
    assert not Organisation.objects.exists()
