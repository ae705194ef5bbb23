"""The engagement page suggests colleagues who know the partners' languages or countries (R-40 point 3): at most
five, with why, never the engagement's own responsible people nor hidden parts, in a constant number of queries."""

from utblick.competence.tests.helpers import count_queries, make_employee, make_profile
from utblick.engagements.models import EngagementCountry
from utblick.organisation.models import Person


def _engagement(make_engagement, *countries, **fields):
    engagement = make_engagement(**fields)
    for code in countries:
        EngagementCountry.objects.create(engagement=engagement, country=code)
    return engagement


def test_colleagues_who_know_norwegian_or_norway_are_suggested_with_why(client_for, units, make_engagement, hans):
    engagement = _engagement(make_engagement, "NO", responsible_officer=Person.objects.get(user=hans))
    anna = make_employee("anna", units["kultur"], name="Anna Andersson")
    bo = make_employee("bo", units["sof"], name="Bo Berg")
    cilla = make_employee("cilla", units["sof"], name="Cilla Cool")
    make_profile(anna, languages=[("no", "C1")], willing=True)
    make_profile(
        bo, experiences=[{"country": "NO", "start_year": 2015, "end_year": 2017, "description": "Lärare i Oslo."}]
    )
    make_profile(cilla, languages=[("no", "C2")], show_languages="private")
    make_profile(hans, languages=[("no", "C2")])  # responsible for the engagement: not suggested
    content = client_for("karin").get(f"/engagemang/{engagement.pk}/").content.decode()
    section = content.split('id="h-colleagues"', 1)[1].split("</section>", 1)[0]
    assert "Anna Andersson" in section and "norska C1" in section and "vill hjälpa kollegor" in section
    assert "Bo Berg" in section and "erfarenhet: Norge 2015–2017" in section
    assert "Cilla Cool" not in section and "Hans Handläggare" not in section
    assert section.index("Anna Andersson") < section.index("Bo Berg")


def test_at_most_five_colleagues_are_suggested(client_for, units, make_engagement):
    engagement = _engagement(make_engagement, "DE")
    for number in range(8):
        make_profile(make_employee(f"t{number}", units["kultur"]), languages=[("de", "B2")])
    content = client_for("karin").get(f"/engagemang/{engagement.pk}/").content.decode()
    section = content.split('id="h-colleagues"', 1)[1].split("</section>", 1)[0]
    assert section.count("/kompetens/person/") == 5


def test_an_engagement_without_countries_asks_for_them(client_for, make_engagement):
    engagement = make_engagement()
    content = client_for("karin").get(f"/engagemang/{engagement.pk}/").content.decode()
    assert "Ange engagemangets länder" in content


def test_the_engagement_page_keeps_a_constant_number_of_queries_with_more_colleagues(
    client_for, units, make_engagement
):
    engagement = _engagement(make_engagement, "NO", "FI")
    client = client_for("karin")
    url = f"/engagemang/{engagement.pk}/"
    make_profile(make_employee("x0", units["kultur"]), languages=[("no", "B2")])
    few = count_queries(client, url)
    for number in range(1, 10):
        make_profile(
            make_employee(f"x{number}", units["kultur"]),
            languages=[("no", "B2"), ("fi", "C1")],
            experiences=[{"country": "FI", "description": "Utbyte."}],
            willing=True,
        )
    assert count_queries(client, url) == few
