"""`manage.py import_partners FILE [--dry-run]`: the same import from the command line, with honest exit codes."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from utblick.core.history import history_of
from utblick.core.permissions import ensure_role
from utblick.partners.management.commands.import_partners import Command
from utblick.partners.models import Contact, Organisation
from utblick.partners.tests.import_files import HEADERS, RÖROS, TARTU, csv_file, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def write(tmp_path):
    def make(content, name="partner.xlsx"):
        path = tmp_path / name
        path.write_bytes(content)
        return str(path)

    return make


def run(*args) -> tuple[int, str, str]:
    """(exit code, stdout, the error manage.py prints): run_from_argv turns a CommandError into its returncode.

    call_command rather than run_from_argv, which closes the database connection the test runs in.
    """
    out = io.StringIO()
    try:
        call_command(Command(), *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), ""


def test_manage_py_exits_with_1_and_prints_the_report_for_a_file_with_errors(write, tmp_path):
    """The real process: a file with errors is refused before the database is asked anything."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    path = write(csv_file([["Organisation", "Land"], ["Narnia stad", "Narnia"]]), "fel.csv")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tom.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    manage = Path(settings.BASE_DIR) / "manage.py"
    done = subprocess.run(
        [sys.executable, str(manage), "import_partners", path], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 1
    assert "- Rad 2, kolumn ”Land”: Landet ”Narnia” känns inte igen." in done.stdout
    assert "1 fel i filen; ingenting har importerats." in done.stderr


def test_a_valid_file_is_imported_as_the_system_and_exits_0(write):
    code, out, _err = run(write(xlsx([HEADERS, TARTU, RÖROS])))
    assert code == 0
    assert "Importerat: 2 nya organisationer, 0 kopplade till befintliga; 2 nya kontaktpersoner" in out
    tartu = Organisation.objects.get(name="Tartu linn")
    (change,) = history_of(tartu)
    assert change.actor is None and change.actor_name == "System"
    assert Contact.objects.count() == 2


def test_the_system_has_no_rights_outside_the_command(write):
    run(write(xlsx([HEADERS, TARTU])))
    with pytest.raises(PermissionDenied):
        ensure_role(None, "partner", "change")


def test_a_dry_run_writes_nothing_and_exits_0_for_a_valid_file(write):
    code, out, _err = run(write(csv_file([["Organisation", "Land"], ["Tartu linn", "Estland"]]), "a.csv"), "--dry-run")
    assert code == 0
    assert "1 rader kontrollerade: 1 organisationer och 0 kontaktpersoner." in out
    assert "Provkörning (--dry-run): ingenting har sparats." in out
    assert not Organisation.objects.exists()


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_file_with_errors_prints_the_swedish_report_writes_nothing_and_exits_1(write, dry_run):
    rows = [
        ["Organisation", "Land", "E-post", "Kontaktperson"],
        ["Tartu linn", "EE", "", ""],
        ["Narnia stad", "Narnia", "x", "Aslan"],
    ]
    code, out, err = run(write(csv_file(rows), "a.csv"), *(["--dry-run"] if dry_run else []))
    assert code == 1
    assert "Filen innehåller fel. Ingenting har importerats." in out
    assert "- Rad 3, kolumn ”Land”: Landet ”Narnia” känns inte igen." in out
    assert "- Rad 3, kolumn ”E-post”: Ange en e-postadress i formen namn@exempel.se" in out
    assert "2 fel i filen; ingenting har importerats." in err
    assert not Organisation.objects.exists()


def test_a_missing_column_is_reported_for_the_file(write):
    code, out, _err = run(write(csv_file([["Organisation"], ["Tartu linn"]]), "a.csv"))
    assert code == 1
    assert "- Rad 1: Kolumnen ”Land” saknas." in out


def test_a_broken_file_is_reported_and_exits_1(write):
    code, out, _err = run(write(b"PK\x03\x04 inte en arbetsbok"))
    assert code == 1
    assert "- Filen: Filen kunde inte läsas som en Excel-fil" in out


def test_a_file_that_does_not_exist_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="finns inte"):
        call_command("import_partners", str(tmp_path / "saknas.xlsx"))


def test_a_file_over_the_size_limit_is_refused_without_being_read(write, settings):
    settings.PARTNERS_IMPORT_MAX_BYTES = 100
    code, _out, err = run(write(xlsx([HEADERS, TARTU])))
    assert code == 1
    assert "kan importeras åt gången" in err


def test_exact_matches_are_linked_and_likely_duplicates_left_out_with_exit_2(write, make_organisation):
    tartu = make_organisation(name="Tartu linn", country="EE")
    make_organisation(name="Roros kommun")
    code, out, err = run(write(xlsx([HEADERS, TARTU, RÖROS])))
    assert code == 2
    assert "Rad 3: Røros kommune liknar Roros kommun (Liknande namn)" in out
    assert "Røros kommune (rad 3) liknar en befintlig organisation och importerades inte." in out
    assert "Kontaktpersonen Ingrid Haugen (rad 3) importerades inte." in out
    assert "2 poster importerades inte (möjliga dubbletter). Resten är importerat." in err
    assert tartu.contacts.get().name == "Mari Tamm"
    assert not Organisation.objects.filter(name="Røros kommune").exists()


def test_likely_duplicates_are_created_with_create_duplicates(write, make_organisation):
    make_organisation(name="Roros kommun")
    code, out, _err = run(write(xlsx([HEADERS, RÖROS])), "--create-duplicates")
    assert code == 0
    assert "Möjliga dubbletter, som skapas som nya (--create-duplicates):" in out
    assert Organisation.objects.filter(name="Røros kommune").exists()


def test_running_the_same_file_twice_links_everything_the_second_time(write):
    path = write(xlsx([HEADERS, TARTU, RÖROS]))
    run(path)
    code, out, _err = run(path)
    assert code == 0
    assert "Importerat: 0 nya organisationer, 2 kopplade till befintliga; 0 nya kontaktpersoner, 2 kopplade" in out
    assert Organisation.objects.count() == 2 and Contact.objects.count() == 2
