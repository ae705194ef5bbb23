"""Finding colleagues (R-40 point 3): the query parser reads Swedish phrases, a hand-made set of profiles comes
back in the expected order with the reasons, hidden parts never count for others, and the number of queries
stays the same however many people match."""

import pytest

from utblick.competence import search
from utblick.competence.tests.helpers import area, count_queries, make_employee, make_network, make_profile


@pytest.mark.parametrize(
    ("text", "languages", "eu", "countries", "words"),
    [
        ("norska, minst B2, Interreg", {"no": "B2"}, ["Interreg"], {}, []),
        ("erfarenhet av Skottland", {}, [], {}, ["skottland"]),
        ("minst C1 engelska", {"en": "C1"}, [], {}, []),
        ("tyska C1, Norge, statsstöd", {"de": "C1"}, ["Statsstöd"], {"NO": "Norge"}, []),
        ("nordsamiska och finska", {"se": None, "fi": None}, [], {}, []),
        ("Erasmus+ upphandling", {}, ["Erasmus+", "Offentlig upphandling"], {}, []),
        ("påverkansarbete i Bryssel", {}, ["Påverkansarbete i Bryssel"], {}, []),
        ("Storbritannien, USA", {}, [], {"GB": "Storbritannien", "US": "Amerikas förenta stater"}, []),
    ],
)
def test_the_parser_reads_swedish_phrases(policy, text, languages, eu, countries, words):
    query = search.parse(text)
    assert query.languages == languages
    assert sorted(query.eu.values()) == sorted(eu)
    assert query.countries == countries
    assert query.words == words


def test_an_inactive_eu_area_is_read_as_a_free_word(policy):
    interreg = area("Interreg")
    interreg.is_active = False
    interreg.save()
    assert search.parse("Interreg").words == ["interreg"]


@pytest.fixture
def people(units):
    """The hand-made set: who knows Norwegian at which level, who knows Interreg, who shows what."""
    kultur, buf = units["kultur"], units["buf"]
    made = {
        "anna": make_employee("anna", kultur, name="Anna Andersson"),
        "bo": make_employee("bo", buf, name="Bo Berg"),
        "cecilia": make_employee("cecilia", buf, name="Cecilia Ceder"),
        "david": make_employee("david", kultur, name="David Dahl"),
        "eva": make_employee("eva", kultur, name="Eva Ek"),
        "filip": make_employee("filip", buf, name="Filip Falk"),
    }
    make_profile(made["anna"], languages=[("no", "C1"), ("en", "C1")], eu=["Interreg"], willing=True)
    make_profile(made["bo"], languages=[("no", "B2")], eu=["Interreg"])
    make_profile(made["cecilia"], languages=[("no", "C2")], willing=True)
    make_profile(made["david"], languages=[("no", "B1")], eu=["Interreg"])
    make_profile(made["eva"], eu=["Interreg"], show_eu="private")  # has it, but shows it to nobody
    make_profile(made["filip"], languages=[("no", "C1")], show_languages="private")
    return made


def test_norwegian_at_least_b2_and_interreg_ranks_the_hand_made_set_in_the_expected_order(people, karin):
    hits = search.find(karin, search.parse("norska, minst B2, Interreg"))
    order = [hit.user_id for hit in hits]
    assert order == [people[name].pk for name in ("anna", "bo", "cecilia", "david")]
    anna, bo, cecilia, david = hits
    assert anna.why == ["norska C1 (minst B2)", "Interreg"] and anna.willing
    assert bo.why == ["norska B2 (minst B2)", "Interreg"] and not bo.willing
    assert cecilia.why == ["norska C2 (minst B2)"]
    assert david.why == ["Interreg"]  # B1 is under the level asked for
    assert anna.score > bo.score > cecilia.score > david.score


def test_the_willing_rank_above_the_others_among_equal_matches(units, karin):
    one = make_employee("one", units["buf"], name="Aron Alm")
    two = make_employee("two", units["buf"], name="Östen Öst")
    make_profile(one, languages=[("de", "B2")])
    make_profile(two, languages=[("de", "B2")], willing=True)
    assert [hit.user_id for hit in search.find(karin, search.parse("tyska"))] == [two.pk, one.pk]


def test_the_owner_finds_their_own_hidden_parts_but_nobody_else_does(people, karin):
    eva, filip = people["eva"], people["filip"]
    assert eva.pk in [hit.user_id for hit in search.find(eva, search.parse("Interreg"))]
    assert eva.pk not in [hit.user_id for hit in search.find(karin, search.parse("Interreg"))]
    assert filip.pk not in [hit.user_id for hit in search.find(karin, search.parse("norska"))]
    assert filip.pk in [hit.user_id for hit in search.find(filip, search.parse("norska"))]


def test_experience_of_scotland_is_found_in_the_place_and_the_description(units, karin):
    gustav = make_employee("gustav", units["buf"], name="Gustav Gran")
    helena = make_employee("helena", units["buf"], name="Helena Hall")
    ida = make_employee("ida", units["buf"], name="Ida Is")
    make_profile(
        gustav,
        experiences=[
            {"place": "Skottland", "start_year": 2019, "end_year": 2021, "description": "Lärare i Edinburgh."}
        ],
    )
    make_profile(helena, experiences=[{"country": "GB", "description": "Studerade ett år i Skottland."}])
    make_profile(ida, experiences=[{"place": "Skottland", "description": "Au pair."}], show_experience="private")
    hits = search.find(karin, search.parse("erfarenhet av Skottland"))
    assert [hit.user_id for hit in hits] == [gustav.pk, helena.pk]
    assert hits[0].why == ["erfarenhet: Skottland 2019–2021"]
    assert hits[1].why[0].startswith("erfarenhet: Studerade ett år i Skottland.")


def test_a_country_finds_experience_there_and_the_trips_of_the_register(units, karin, make_engagement, hans):
    from utblick.engagements import trip_actions
    from utblick.organisation.models import Person

    jonas = make_employee("jonas", units["buf"], name="Jonas Jonsson")
    make_profile(
        jonas, experiences=[{"country": "NO", "start_year": 2018, "description": "Projektledare i Trondheim."}]
    )
    make_profile(hans)
    engagement = make_engagement(title="Skolutbyte med Røros")
    import datetime

    trip_actions.create_trip(
        engagement,
        by=hans,
        fields={
            "destination": "Røros",
            "country": "NO",
            "start_date": datetime.date(2026, 3, 15),
            "end_date": datetime.date(2026, 3, 18),
            "purpose": "Besök.",
            "programme": "",
            "decision": None,
            "travellers": [Person.objects.get(user=hans)],
        },
    )
    hits = {hit.user_id: hit for hit in search.find(karin, search.parse("Norge"))}
    assert hits[jonas.pk].why == ["erfarenhet: Norge 2018–"]
    assert hits[hans.pk].why == ["resa: Røros, Norge 2026"]


def test_a_trip_of_a_secret_engagement_is_not_named_to_someone_who_may_not_see_it(units, karin, hans, make_engagement):
    import datetime

    from utblick.engagements import trip_actions
    from utblick.organisation.models import Person

    make_profile(hans)
    secret = make_engagement(title="Hemligt", is_secret=True, secrecy_ground="OSL 23 kap. 1 §")
    trip_actions.create_trip(
        secret,
        by=hans,
        fields={
            "destination": "Oslo",
            "country": "NO",
            "start_date": datetime.date(2026, 3, 15),
            "end_date": datetime.date(2026, 3, 18),
            "purpose": "Besök.",
            "programme": "",
            "decision": None,
            "travellers": [Person.objects.get(user=hans)],
        },
    )
    assert search.find(karin, search.parse("Norge")) == []
    assert [hit.user_id for hit in search.find(hans, search.parse("Norge"))] == [hans.pk]


def test_the_search_page_shows_the_people_with_why_they_match(client_for, people):
    response = client_for("karin").get("/kompetens/", {"q": "norska, minst B2, Interreg"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "4 personer matchar" in content
    assert content.index("Anna Andersson") < content.index("Bo Berg") < content.index("Cecilia Ceder")
    assert "norska C1 (minst B2)" in content
    assert "Eva Ek" not in content and "Filip Falk" not in content


def test_the_search_page_escapes_what_people_wrote(client_for, units, karin):
    mallory = make_employee("mallory", units["buf"], name="Mallory M")
    make_profile(mallory, other_networks="<script>alert(1)</script> Eurocities")
    content = client_for("karin").get("/kompetens/", {"q": "Eurocities"}).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


def _many(units, start: int, count: int, networks=()):
    for number in range(start, start + count):
        user = make_employee(f"p{number}", units["buf"], name=f"Person Nummer{number:04d}")
        make_profile(
            user,
            languages=[("no", "C1"), ("en", "B2")],
            eu=["Interreg"],
            experiences=[{"place": "Skottland", "description": "Utbyte."}],
            networks=networks,
            other_networks="Eurocities",
            willing=True,
        )


def test_the_search_page_uses_the_same_number_of_queries_for_many_hits(client_for, units, karin, sara):
    client = client_for("karin")
    url = "/kompetens/?q=norska+minst+B2+Interreg+Skottland+Eurocities+Norge+Kvarkenrådet+gränskommitté"
    networks = [make_network("Kvarkenrådet", by=sara), make_network("Gränskommittén Nord", by=sara)]
    _many(units, 0, 5, networks)
    few = count_queries(client, url)
    _many(units, 5, 40, networks)  # more than a page
    make_network("Östersjönätverket", by=sara)
    assert count_queries(client, url) == few
    assert count_queries(client, url + "&page=2") == few
