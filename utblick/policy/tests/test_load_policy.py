"""`manage.py load_policy FILE` loads a municipality's policy file, again and again, or refuses it whole."""

from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from utblick.organisation.models import OrgUnit
from utblick.policy.models import Area, Objective, Policy, PriorityCriterion

SHIPPED = Path(__file__).resolve().parents[3] / "policies" / "harjedalen.yaml"


def shipped_data() -> dict:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def write(tmp_path, data, name="policy.yaml") -> Path:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def load(path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("load_policy", str(path), stdout=out)
    return out.getvalue()


def refused(path) -> str:
    with pytest.raises(CommandError) as error:
        load(path)
    message = str(error.value)
    assert message.startswith("Policyfilen lästes inte in")
    return message


def database_state():
    """Everything the loader writes, to compare before and after a refused file."""
    return (
        list(Policy.objects.values_list("municipality", "name", "purpose")),
        [
            list(model.objects.order_by("code").values_list("code", "name", "is_active", "order"))
            for model in (Objective, PriorityCriterion, Area)
        ],
        list(OrgUnit.objects.order_by("code").values_list("code", "name", "kind", "parent__code")),
    )


def test_the_shipped_file_loads_objectives_criteria_areas_and_the_organisation(db):
    output = load(SHIPPED)
    assert output.strip() == (
        "Inläst: Internationell policy för Härjedalens kommun (5 mål, 7 prioriteringskriterier, 4 områden)."
    )
    policy = Policy.objects.get()
    assert policy.municipality == "Härjedalens kommun"
    assert list(Objective.objects.values_list("code", flat=True)) == ["M1", "M2", "M3", "M4", "M5"]
    assert PriorityCriterion.objects.get(code="P2").suggestion == PriorityCriterion.Suggestion.EUROPEAN_PARTNER
    assert PriorityCriterion.objects.get(code="P3").suggestion == PriorityCriterion.Suggestion.ESTABLISHED_PARTNER
    assert PriorityCriterion.objects.get(code="P1").suggestion == ""
    assert set(Area.objects.values_list("code", flat=True)) == {"naringsliv", "skola", "kultur", "verksamhet"}
    nuk = OrgUnit.objects.get(code="nuk")
    assert (nuk.kind, nuk.parent.code, nuk.parent.parent.code) == ("kontor", "klf", "ks")
    assert OrgUnit.objects.count() == 12


def test_loading_the_same_file_twice_changes_nothing(db):
    load(SHIPPED)
    first = database_state()
    ids = sorted(Objective.objects.values_list("pk", flat=True))
    load(SHIPPED)
    assert database_state() == first
    assert sorted(Objective.objects.values_list("pk", flat=True)) == ids


def test_reloading_restores_names_changed_in_the_file_and_keeps_the_same_records(db, tmp_path):
    load(SHIPPED)
    m1 = Objective.objects.get(code="M1")
    data = shipped_data()
    data["objectives"][0]["name"] = "Tillväxt"
    load(write(tmp_path, data))
    m1.refresh_from_db()
    assert m1.name == "Tillväxt"
    assert Objective.objects.filter(code="M1").count() == 1


def test_items_missing_from_a_new_file_are_kept_but_marked_not_in_use(db, tmp_path):
    load(SHIPPED)
    data = shipped_data()
    data["objectives"] = [o for o in data["objectives"] if o["code"] != "M5"]
    data["areas"] = data["areas"][:2]
    load(write(tmp_path, data))
    assert Objective.objects.get(code="M5").is_active is False
    assert Objective.objects.get(code="M1").is_active is True
    assert set(Area.objects.filter(is_active=False).values_list("code", flat=True)) == {"kultur", "verksamhet"}
    load(SHIPPED)
    assert Objective.objects.get(code="M5").is_active is True  # back in the file, back in use


def test_another_municipality_loads_its_own_policy_beside_the_first(db, tmp_path):
    load(SHIPPED)
    other = {
        "municipality": "Bergs kommun",
        "name": "Internationell strategi för Bergs kommun",
        "objectives": [{"code": "A", "name": "Attraktiv kommun"}],
        "organisation": [{"code": "bergks", "name": "Kommunstyrelsen i Berg", "kind": "kommunstyrelse"}],
    }
    load(write(tmp_path, other))
    berg = Policy.objects.get(municipality="Bergs kommun")
    assert list(berg.objective_set.values_list("code", flat=True)) == ["A"]
    assert OrgUnit.objects.get(code="bergks").kind == "kommunstyrelse"
    assert Objective.objects.filter(policy__municipality="Härjedalens kommun").count() == 5


def test_the_loader_records_the_order_of_the_file(db, tmp_path):
    data = shipped_data()
    data["objectives"].reverse()
    load(write(tmp_path, data))
    assert list(Objective.objects.order_by("order").values_list("code", flat=True)) == ["M5", "M4", "M3", "M2", "M1"]


@pytest.mark.parametrize("key", ["municipality", "name"])
def test_a_file_without_a_required_key_is_refused_in_swedish(db, tmp_path, key):
    data = shipped_data()
    del data[key]
    message = refused(write(tmp_path, data))
    assert f"Nyckeln ”{key}” saknas eller är tom." in message
    assert not Policy.objects.exists()
    assert not OrgUnit.objects.exists()


def test_a_file_without_objectives_is_refused(db, tmp_path):
    data = shipped_data()
    data["objectives"] = []
    assert "Policyn måste ha minst ett mål under ”objectives”." in refused(write(tmp_path, data))


def test_an_item_without_a_name_is_refused(db, tmp_path):
    data = shipped_data()
    del data["areas"][1]["name"]
    assert "Post 2 under ”areas” måste ha både code och name." in refused(write(tmp_path, data))


def test_a_unit_without_a_code_is_refused(db, tmp_path):
    data = shipped_data()
    del data["organisation"][0]["children"][0]["code"]
    assert "Varje enhet under ”organisation” måste ha code och name." in refused(write(tmp_path, data))


def test_duplicate_item_codes_are_refused(db, tmp_path):
    data = shipped_data()
    data["priority_criteria"][3]["code"] = "P1"
    assert "Koden ”P1” förekommer två gånger under ”priority_criteria”." in refused(write(tmp_path, data))


def test_duplicate_unit_codes_anywhere_in_the_tree_are_refused(db, tmp_path):
    data = shipped_data()
    data["organisation"][2]["children"][0]["code"] = "nuk"
    assert "Enhetskoden ”nuk” förekommer två gånger." in refused(write(tmp_path, data))


def test_an_unknown_unit_kind_is_refused_with_the_allowed_kinds(db, tmp_path):
    data = shipped_data()
    data["organisation"][0]["kind"] = "styrelse"
    message = refused(write(tmp_path, data))
    assert "Okänd enhetstyp ”styrelse” för ks; välj en av forvaltning, kommunstyrelse, kontor, namnd." in message


def test_an_unknown_suggestion_is_refused(db, tmp_path):
    data = shipped_data()
    data["priority_criteria"][0]["suggestion"] = "magic"
    assert "Okänt värde för suggestion på P1: ”magic”." in refused(write(tmp_path, data))


def test_a_file_that_is_a_list_rather_than_a_mapping_is_refused(db, tmp_path):
    assert "ska vara en YAML-mappning" in refused(write(tmp_path, "- M1\n- M2\n"))


def test_a_file_that_is_not_utf8_is_refused(db, tmp_path):
    path = write(tmp_path, SHIPPED.read_text(encoding="utf-8").encode("latin-1"))
    assert "är inte UTF-8-kodad. Spara den som UTF-8 och försök igen." in refused(path)


def test_a_file_with_invalid_yaml_is_refused(db, tmp_path):
    assert "är inte giltig YAML" in refused(write(tmp_path, "municipality: [Härjedalen\nname: x\n"))


def test_a_file_that_does_not_exist_is_refused(db, tmp_path):
    assert "finns inte" in refused(tmp_path / "saknas.yaml")


def test_several_problems_are_reported_together(db, tmp_path):
    data = shipped_data()
    del data["name"]
    data["objectives"][1]["code"] = "M1"
    data["organisation"][0]["kind"] = "styrelse"
    message = refused(write(tmp_path, data))
    assert message.count("\n- ") == 3


@pytest.mark.parametrize(
    "spoil",
    [
        lambda d: d["areas"].append({"code": "skola", "name": "Dubblett"}),
        lambda d: d["organisation"][1]["children"][0].update(kind="avdelning"),
        lambda d: d.pop("municipality"),
    ],
    ids=["duplicate area", "wrong unit kind", "missing municipality"],
)
def test_a_refused_file_leaves_everything_as_it_was(db, tmp_path, spoil):
    load(SHIPPED)
    before = database_state()
    data = shipped_data()
    data["objectives"][0]["name"] = "Ändrat namn som inte får sparas"
    data["objectives"] = data["objectives"][:2]
    data["organisation"][0]["name"] = "Ändrad styrelse"
    spoil(data)
    refused(write(tmp_path, data))
    assert database_state() == before


def test_a_refused_utf8_or_yaml_problem_leaves_everything_as_it_was(db, tmp_path):
    load(SHIPPED)
    before = database_state()
    refused(write(tmp_path, b"municipality: H\xe4rjedalen\n"))
    refused(write(tmp_path, "objectives: {\n"))
    assert database_state() == before


def test_values_longer_than_the_database_allows_are_refused_before_anything_is_written(db, tmp_path):
    data = shipped_data()
    data["name"] = "N" * 301
    data["objectives"][0]["code"] = "M" * 21
    data["areas"][0]["name"] = "A" * 301
    data["organisation"][0]["name"] = "S" * 201
    message = refused(write(tmp_path, data))
    assert "Värdet för name i policyn är för långt: högst 300 tecken. Korta det." in message
    assert f"Värdet för code i {'M' * 21} under ”objectives” är för långt: högst 20 tecken." in message
    assert "Värdet för name i naringsliv under ”areas” är för långt" in message
    assert "Värdet för name i enheten ks är för långt: högst 200 tecken." in message
    assert not Policy.objects.exists()


def test_a_unit_code_with_spaces_or_swedish_letters_is_refused(db, tmp_path):
    data = shipped_data()
    data["organisation"][0]["code"] = "kommun styrelsen"
    data["organisation"][1]["code"] = "bun-förvaltning"
    message = refused(write(tmp_path, data))
    assert "Enhetskoden ”kommun styrelsen” får bara innehålla bokstäver a–z" in message
    assert "Enhetskoden ”bun-förvaltning” får bara innehålla" in message
