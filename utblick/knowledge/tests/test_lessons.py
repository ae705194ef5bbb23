"""Lessons learned (R-61): asked for when an engagement is finished, written once per engagement with history,
linked to its partners and countries, searchable, visible like the engagement, and a list of lessons to write."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.matrix import LESSON_SECRET_VIEW, LESSON_WRITE, PERSONAS, READ
from utblick.core.history import history_of
from utblick.engagements import actions as engagement_actions
from utblick.engagements.models import Status
from utblick.engagements.tests.helpers import with_relations
from utblick.knowledge import lessons_actions
from utblick.knowledge.models import Lesson
from utblick.notifications.kinds import Kind
from utblick.notifications.models import Notification
from utblick.organisation.models import Person
from utblick.partners.models import Organisation
from utblick.policy.models import Area, Objective


@pytest.fixture
def hans_person(hans):
    return Person.objects.get(user=hans)


@pytest.fixture
def finished(make_engagement, hans_person):
    engagement = make_engagement(
        title="Skolutbyte med Røros",
        status=Status.FINISHED,
        responsible_officer=hans_person,
        results="Tolv elever deltog.",
        dissemination="Redovisat på rektorsmötet.",
    )
    return with_relations(engagement)


@pytest.fixture
def secret_finished(make_engagement):
    return make_engagement(
        title="Sekretessärende i Åre", status=Status.FINISHED, is_secret=True, secrecy_ground="OSL 23 kap. 1 §"
    )


def lesson_fields(**overrides):
    fields = {
        "title": "Elevutbyte: planera resorna tidigt",
        "worked": "Gemensamma lektioner på distans före resan.",
        "did_not_work": "Bokningen av resor kom för sent.",
        "advice": "Boka tåg tre månader i förväg.",
        "partners": [],
        "countries": [],
    }
    fields.update(overrides)
    return fields


def write(engagement, by, **overrides):
    return lessons_actions.write_lesson(engagement, by=by, fields=lesson_fields(**overrides))


# Asked for when the engagement is finished


def test_the_responsible_officer_is_asked_for_the_lesson_when_the_engagement_is_finished(
    make_engagement, hans_person, hans, fredrik
):
    engagement = make_engagement(
        status=Status.ONGOING, responsible_officer=hans_person, results="Bra.", dissemination="Spritt."
    )
    engagement_actions.move_engagement(engagement, Status.FINISHED, by=fredrik)
    notification = Notification.objects.get(recipient=hans, kind=Kind.LESSONS)
    assert notification.url == f"/kunskap/engagemang/{engagement.pk}/erfarenheter/"
    assert "Skolutbyte med Røros" in notification.title


def test_no_one_is_asked_when_the_engagement_moves_to_another_state(make_engagement, hans_person, fredrik):
    engagement = make_engagement(status=Status.DECIDED, responsible_officer=hans_person)
    engagement_actions.move_engagement(engagement, Status.ONGOING, by=fredrik)
    assert not Notification.objects.filter(kind=Kind.LESSONS).exists()


# Writing


def test_the_form_starts_from_the_engagements_title_partners_and_countries(client_for, finished):
    response = client_for("hans").get(f"/kunskap/engagemang/{finished.pk}/erfarenheter/")
    form = response.context["form"]
    assert form.initial["title"] == "Skolutbyte med Røros"
    assert {p.name for p in form.initial["partners"]} == {
        f"Røros kommune {finished.pk}",
        f"Oulun kaupunki {finished.pk}",
    }
    assert sorted(form.initial["countries"]) == ["FI", "NO"]


def test_hans_writes_the_lesson_and_it_shows_on_the_engagement_page(client_for, finished):
    client = client_for("hans")
    partner = Organisation.objects.get(name=f"Røros kommune {finished.pk}")
    response = client.post(
        f"/kunskap/engagemang/{finished.pk}/erfarenheter/",
        {
            "title": "Planera resorna tidigt",
            "worked": "Distanslektioner före resan.",
            "did_not_work": "",
            "advice": "Boka tåg i tid.",
            "partners": [str(partner.pk)],
            "countries": ["NO"],
        },
    )
    lesson = Lesson.objects.get(engagement=finished)
    assert response.status_code == 302 and response.url == f"/kunskap/erfarenheter/{lesson.pk}/"
    assert list(lesson.partners.all()) == [partner]
    assert [str(c.country) for c in lesson.countries.all()] == ["NO"]
    page = client.get(f"/engagemang/{finished.pk}/").content.decode()
    assert "Planera resorna tidigt" in page and "Distanslektioner före resan." in page


def test_one_lesson_per_engagement_changed_with_history(finished, hans, sara):
    first = write(finished, hans)
    second = write(finished, sara, advice="Boka tåg fyra månader i förväg.", countries=["NO", "FI"])
    assert first.pk == second.pk and Lesson.objects.count() == 1
    rows = list(history_of(second))
    assert [row.action for row in rows] == ["updated", "created"]
    changed = {c["field"]: c for c in rows[0].changes}
    assert changed["Råd till andra"]["after"] == "Boka tåg fyra månader i förväg."
    assert changed["Länder"]["after"] == "FI, NO"


def test_a_lesson_needs_a_title_and_what_worked(finished, hans):
    with pytest.raises(ValidationError) as exc:
        write(finished, hans, title=" ", worked="")
    assert set(exc.value.message_dict) == {"title", "worked"}


def test_a_lesson_cannot_be_written_before_the_engagement_is_finished(make_engagement, hans):
    engagement = make_engagement(status=Status.ONGOING)
    with pytest.raises(ValidationError) as exc:
        write(engagement, hans)
    assert "när engagemanget är avslutat" in exc.value.messages[0]


def test_karin_cannot_write_the_lesson_of_another_units_engagement(finished, karin):
    with pytest.raises(PermissionDenied):
        write(finished, karin)


def test_the_responsible_officer_of_another_unit_may_write_the_lesson(make_engagement, karin):
    engagement = make_engagement(status=Status.FINISHED, responsible_officer=Person.objects.get(user=karin))
    assert write(engagement, karin).engagement == engagement


def test_html_in_a_lesson_is_shown_as_text(client_for, finished, hans):
    lesson = write(finished, hans, worked="<script>alert('x')</script>")
    page = client_for("lisa").get(f"/kunskap/erfarenheter/{lesson.pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


# Search


@pytest.fixture
def three_lessons(make_engagement, finished, hans, karin, units):
    culture = make_engagement(title="Kulturutbyte med Tartu", status=Status.FINISHED, owner_unit=units["kultur"])
    culture.areas.set(Area.objects.all()[:1])
    tartu = Organisation.objects.create(name="Tartu linn", country="EE")
    return {
        "school": write(finished, hans, countries=["NO"], partners=[finished.organisations.first()]),
        "culture": write(
            culture,
            karin,
            title="Körsång över gränser",
            worked="Gemensam konsert i Tartu.",
            countries=["EE"],
            partners=[tartu],
        ),
        "tartu": tartu,
    }


def lesson_titles(client, query=""):
    response = client.get(f"/kunskap/{query}")
    assert response.status_code == 200
    return [lesson.title for lesson in response.context["page"].object_list]


def test_search_finds_every_word_in_the_title_texts_and_partner_names_in_any_case(client_for, three_lessons):
    client = client_for("lisa")
    assert lesson_titles(client, "?q=KÖRSÅNG") == ["Körsång över gränser"]
    assert lesson_titles(client, "?q=Distans+lektioner") == ["Elevutbyte: planera resorna tidigt"]
    assert len(lesson_titles(client, "?q=tåg+boka")) == 2  # both give that advice
    assert lesson_titles(client, "?q=tartu") == ["Körsång över gränser"]  # the partner's name
    assert lesson_titles(client, "?q=finnsinte") == []


def test_search_filters_by_country_partner_area_and_objective(client_for, three_lessons):
    client = client_for("sara")
    assert lesson_titles(client, "?country=EE") == ["Körsång över gränser"]
    assert lesson_titles(client, f"?partner={three_lessons['tartu'].pk}") == ["Körsång över gränser"]
    area = Area.objects.all()[0]
    assert lesson_titles(client, f"?area={area.pk}") == ["Körsång över gränser"]
    m5 = Objective.objects.get(code="M5")
    assert lesson_titles(client, f"?objective={m5.pk}") == ["Elevutbyte: planera resorna tidigt"]


def test_a_secret_engagements_lesson_is_found_only_by_those_who_see_the_engagement(client_for, secret_finished, hans):
    write(secret_finished, hans, title="Hemlig lärdom")
    assert lesson_titles(client_for("hans"), "?q=hemlig") == ["Hemlig lärdom"]
    assert lesson_titles(client_for("karin"), "?q=hemlig") == []
    assert lesson_titles(client_for("lisa")) == []


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _many_lessons(make_engagement, hans, n):
    for i in range(n):
        engagement = with_relations(make_engagement(title=f"Utbyte {i}", status=Status.FINISHED))
        write(
            engagement,
            hans,
            title=f"Lärdom {i}",
            partners=list(engagement.organisations.all()),
            countries=["NO", "FI"],
        )


@pytest.mark.parametrize("query", ["", "?q=tåg", "?country=NO"])
def test_the_lesson_search_uses_a_constant_number_of_queries(client_for, make_engagement, hans, query):
    client = client_for("lisa")
    _many_lessons(make_engagement, hans, 2)
    few = _queries(client, f"/kunskap/{query}")
    _many_lessons(make_engagement, hans, 6)
    assert _queries(client, f"/kunskap/{query}") == few


# Lessons to write


def test_the_list_to_write_has_finished_engagements_without_a_lesson_of_ones_own(
    client_for, finished, make_engagement, units, hans
):
    make_engagement(title="Pågående", status=Status.ONGOING)
    make_engagement(title="Kulturens avslutade", status=Status.FINISHED, owner_unit=units["kultur"])
    written = make_engagement(title="Redan skriven", status=Status.FINISHED)
    write(written, hans)
    titles = [e.title for e in client_for("hans").get("/kunskap/erfarenheter/att-skriva/").context["page"].object_list]
    assert titles == ["Skolutbyte med Røros"]
    coordinator = client_for("sara").get("/kunskap/erfarenheter/att-skriva/").context["page"].object_list
    assert {e.title for e in coordinator} == {"Skolutbyte med Røros", "Kulturens avslutade"}
    assert list(client_for("lisa").get("/kunskap/erfarenheter/att-skriva/").context["page"].object_list) == []


def test_the_list_to_write_uses_a_constant_number_of_queries(client_for, make_engagement, hans_person):
    client = client_for("hans")
    for i in range(2):
        make_engagement(title=f"Avslutat {i}", status=Status.FINISHED, responsible_officer=hans_person)
    few = _queries(client, "/kunskap/erfarenheter/att-skriva/")
    for i in range(6):
        make_engagement(title=f"Mer {i}", status=Status.FINISHED, responsible_officer=hans_person)
    assert _queries(client, "/kunskap/erfarenheter/att-skriva/") == few


# Permission matrix


@pytest.fixture
def lessons_by_name(finished, secret_finished, hans):
    return {"public": write(finished, hans), "secret": write(secret_finished, hans, title="Hemlig")}


MATRIX = [
    ("/kunskap/", None, READ),
    ("/kunskap/erfarenheter/att-skriva/", None, READ),
    ("/kunskap/erfarenheter/{lesson}/", "public", READ),
    ("/kunskap/erfarenheter/{lesson}/", "secret", LESSON_SECRET_VIEW),
    ("/kunskap/engagemang/{engagement}/erfarenheter/", "public", LESSON_WRITE),
]


@pytest.mark.parametrize(
    ("url", "obj", "persona", "expected"),
    [
        pytest.param(url, obj, persona, expected[persona], id=f"{url} {obj or ''} {persona}")
        for url, obj, expected in MATRIX
        for persona in PERSONAS
    ],
)
def test_lesson_pages_answer_each_persona_as_the_matrix_says(client_for, lessons_by_name, url, obj, persona, expected):
    lesson = lessons_by_name.get(obj)
    target = url.format(lesson=lesson.pk if lesson else "", engagement=lesson.engagement_id if lesson else "")
    assert client_for(persona).get(target).status_code == expected
