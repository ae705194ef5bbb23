"""Swedish is the default language; a user can switch to English."""


def test_the_login_page_is_swedish_by_default(client, db):
    page = client.get("/konto/logga-in/").content.decode()
    assert 'lang="sv"' in page
    assert "Logga in i Utblick" in page


def test_a_user_can_switch_to_english_and_back(client, db):
    response = client.post("/sprak/", {"language": "en", "next": "/konto/logga-in/"})
    assert response.status_code == 302
    page = client.get("/konto/logga-in/").content.decode()
    assert 'lang="en"' in page
    assert "Log in to Utblick" in page
    client.post("/sprak/", {"language": "sv", "next": "/konto/logga-in/"})
    assert "Logga in i Utblick" in client.get("/konto/logga-in/").content.decode()


def test_an_english_browser_still_gets_swedish_until_the_user_chooses(client, db):
    page = client.get("/konto/logga-in/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="sv"' in page
    assert "Logga in i Utblick" in page


def test_country_names_are_swedish(client_for, make_engagement):
    from utblick.engagements.models import EngagementCountry

    engagement = make_engagement()
    EngagementCountry.objects.create(engagement=engagement, country="NO")
    page = client_for("lisa").get(f"/engagemang/{engagement.pk}/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    assert "Norge" in page
    assert "Norway" not in page


def test_amounts_and_dates_keep_the_swedish_format_in_english():
    import datetime
    from decimal import Decimal

    from django.template import Context, Template
    from django.utils import translation

    template = Template('{% load utblick %}{{ amount|kronor }} {{ day|date:"SHORT_DATE_FORMAT" }}')
    context = Context({"amount": Decimal("1234.5"), "day": datetime.date(2026, 3, 15)})
    for language in ("sv", "en"):
        with translation.override(language):
            assert template.render(context) == "1\xa0234,50 kr 2026-03-15"
