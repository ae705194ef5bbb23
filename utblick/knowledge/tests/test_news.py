"""News (R-26): the coordinator drafts, publishes and archives news for everyone or chosen units, prefilled from
an engagement's results or a monitoring item; the audience is notified and reads them on the news pages and the
start page; the intranet reads the news for everyone as RSS and Atom through a secret, renewable URL."""

import pytest
from defusedxml import ElementTree
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.matrix import NEWS_DRAFT_VIEW, NEWS_UNIT_VIEW, ONLY_SARA, PERSONAS, READ
from utblick.core.history import history_of
from utblick.knowledge import news_actions
from utblick.knowledge.models import Article, ArticleState
from utblick.monitoring.models import Item, Source
from utblick.notifications.kinds import Kind
from utblick.notifications.models import Notification

RSS = "/kunskap/nyheter/flode/{token}/rss/"
ATOM = "/kunskap/nyheter/flode/{token}/atom/"


def news_fields(**overrides):
    fields = {
        "title": "Utlysning: Erasmus+ skolutbyten 2027",
        "text": "Ansök senast den 1 mars.\n\nSamordnaren hjälper gärna till med ansökan – hör av dig!",
        "category": "call",
        "link": "https://example.org/erasmus",
        "for_everyone": True,
        "units": [],
        "engagement": None,
        "monitoring_item": None,
    }
    fields.update(overrides)
    return fields


def publish(by, **overrides):
    return news_actions.save_article(by=by, fields=news_fields(**overrides), publish=True)


@pytest.fixture
def item(db):
    source = Source.objects.create(name="EU-kommissionen", url="https://example.org/feed")
    return Item.objects.create(
        source=source,
        title="Ny utlysning om kulturarv",
        summary="<p>Första stycket &amp; mer.</p><p>Andra <b>stycket</b>.</p>",
        link="https://example.org/utlysning",
        content_hash="x",
    )


# Writing, publishing, archiving


def test_sara_publishes_news_to_everyone_and_every_internal_account_is_notified(sara, personas):
    article = publish(sara)
    assert article.state == ArticleState.PUBLISHED and article.published_at is not None
    notified = set(Notification.objects.filter(kind=Kind.NEWS).values_list("recipient__username", flat=True))
    assert notified == {"hans", "karin", "fredrik", "per", "lisa"}  # not Sara herself, not the external actor
    assert Notification.objects.filter(url=f"/kunskap/nyheter/{article.pk}/").count() == 5


def test_news_to_a_unit_reach_its_staff_and_the_units_below_it(sara, personas, units):
    publish(sara, for_everyone=False, units=[units["buf"]])
    notified = set(Notification.objects.filter(kind=Kind.NEWS).values_list("recipient__username", flat=True))
    assert notified == {"hans", "fredrik"}


def test_a_draft_notifies_no_one_until_it_is_published(sara, personas):
    article = news_actions.save_article(by=sara, fields=news_fields())
    assert article.state == ArticleState.DRAFT and not Notification.objects.exists()
    news_actions.publish_article(article, by=sara)
    assert Notification.objects.filter(kind=Kind.NEWS).count() == 5
    news_actions.publish_article(article, by=sara)  # publishing again changes nothing
    assert Notification.objects.filter(kind=Kind.NEWS).count() == 5
    assert [row.action for row in history_of(article)] == ["status", "created"]


def test_archived_news_leave_the_news_pages(client_for, sara, personas):
    article = publish(sara)
    news_actions.archive_article(article, by=sara)
    assert client_for("hans").get(f"/kunskap/nyheter/{article.pk}/").status_code == 404
    assert list(client_for("hans").get("/kunskap/nyheter/").context["page"].object_list) == []
    assert history_of(article).first().action == "archived"


def test_only_the_coordinator_writes_news(hans):
    with pytest.raises(PermissionDenied):
        publish(hans)


def test_news_to_chosen_units_need_at_least_one_unit_and_a_valid_link(sara):
    with pytest.raises(ValidationError) as exc:
        publish(sara, for_everyone=False, units=[], link="javascript:alert(1)", title="", category="x")
    assert set(exc.value.message_dict) == {"units", "link", "title", "category"}


def test_the_form_publishes_and_the_page_shows_paragraphs_with_html_escaped(client_for, sara, personas, units):
    client = client_for("sara")
    response = client.post(
        "/kunskap/nyheter/ny/",
        {
            "title": "Evenemang <b>i</b> Östersund",
            "text": "Första stycket.\n\n<script>alert(1)</script>",
            "category": "event",
            "link": "",
            "audience": "units",
            "units": [str(units["buf"].pk)],
            "publish": "1",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302 and article.state == ArticleState.PUBLISHED
    assert list(article.units.all()) == [units["buf"]]
    page = client_for("hans").get(f"/kunskap/nyheter/{article.pk}/").content.decode()
    assert '<p class="prose">Första stycket.</p>' in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page and "&lt;b&gt;i&lt;/b&gt;" in page


def test_the_form_saves_a_draft_and_refuses_units_missing_with_a_sentence(client_for, personas):
    client = client_for("sara")
    data = {"title": "Utkast", "text": "Text.", "category": "international", "audience": "units", "draft": "1"}
    response = client.post("/kunskap/nyheter/ny/", data)
    assert response.status_code == 200
    assert "Välj minst en enhet" in response.content.decode()
    response = client.post("/kunskap/nyheter/ny/", {**data, "audience": "all"})
    assert response.status_code == 302 and Article.objects.get().state == ArticleState.DRAFT


def test_news_are_prefilled_from_an_engagements_results(client_for, make_engagement, personas):
    engagement = make_engagement(title="Skolutbyte med Røros", results="Tolv elever deltog i utbytet.")
    response = client_for("sara").get(f"/kunskap/nyheter/ny/?engagemang={engagement.pk}")
    form = response.context["form"]
    assert form.initial["title"] == "Skolutbyte med Røros"
    assert form.initial["text"] == "Tolv elever deltog i utbytet."
    assert form.initial["engagement"] == engagement.pk
    page = client_for("sara").get(f"/engagemang/{engagement.pk}/").content.decode()
    assert f"/kunskap/nyheter/ny/?engagemang={engagement.pk}" in page
    assert "/kunskap/nyheter/ny/" not in client_for("hans").get(f"/engagemang/{engagement.pk}/").content.decode()


def test_news_are_prefilled_from_a_monitoring_item_as_plain_text(client_for, item, personas):
    response = client_for("sara").get(f"/kunskap/nyheter/ny/?bevakning={item.pk}")
    initial = response.context["form"].initial
    assert initial["title"] == "Ny utlysning om kulturarv"
    assert initial["text"] == "Första stycket & mer.\n\nAndra stycket."
    assert initial["link"] == "https://example.org/utlysning" and initial["category"] == "call"
    assert f"?bevakning={item.pk}" in client_for("sara").get(f"/bevakning/{item.pk}/").content.decode()
    assert "Publicera som nyhet" not in client_for("hans").get(f"/bevakning/{item.pk}/").content.decode()


# Reading


def test_each_reader_sees_only_the_news_they_are_in_the_audience_of(client_for, sara, units):
    publish(sara, title="Till alla")
    publish(sara, title="Till utbildning", for_everyone=False, units=[units["buf"]])
    news_actions.save_article(by=sara, fields=news_fields(title="Utkast"))

    def titles(username):
        return [a.title for a in client_for(username).get("/kunskap/nyheter/").context["page"].object_list]

    assert titles("hans") == ["Till utbildning", "Till alla"]
    assert titles("karin") == ["Till alla"]
    assert titles("sara") == ["Till utbildning", "Till alla"]  # drafts are on the admin page, not in the list


def test_the_start_page_shows_the_latest_five_news_the_user_may_read(client_for, sara, units):
    for i in range(6):
        publish(sara, title=f"Nyhet {i}")
    publish(sara, title="Bara kultur", for_everyone=False, units=[units["kultur"]])
    page = client_for("hans").get("/").content.decode()
    assert "Nyheter" in page and "Nyhet 5" in page and "Nyhet 1" in page
    assert "Nyhet 0" not in page and "Bara kultur" not in page
    assert "Bara kultur" in client_for("karin").get("/").content.decode()


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _many(sara, units, n):
    for i in range(n):
        publish(sara, title=f"Nyhet {i}")
        publish(sara, title=f"Enhet {i}", for_everyone=False, units=[units["buf"], units["kultur"]])


@pytest.mark.parametrize(
    ("username", "url"), [("hans", "/kunskap/nyheter/"), ("sara", "/kunskap/nyheter/hantera/"), ("hans", "/")]
)
def test_news_lists_use_a_constant_number_of_queries(client_for, sara, units, username, url):
    client = client_for(username)
    _many(sara, units, 2)
    few = _queries(client, url)
    _many(sara, units, 6)
    assert _queries(client, url) == few


# Feeds for the intranet


@pytest.fixture
def token(sara):
    return news_actions.renew_feed_token(by=sara).token


def test_the_feeds_carry_only_published_news_to_everyone_with_swedish_letters_intact(client, sara, units, token):
    publish(sara, title="Åre, Östersund och Malmö", text="Här är å, ä och ö.")
    publish(sara, title="Bara utbildning", for_everyone=False, units=[units["buf"]])
    news_actions.save_article(by=sara, fields=news_fields(title="Utkast"))
    archived = publish(sara, title="Arkiverad")
    news_actions.archive_article(archived, by=sara)

    rss = client.get(RSS.format(token=token))
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(rss.content)
    items = root.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Åre, Östersund och Malmö"]
    assert items[0].findtext("description") == "Här är å, ä och ö."
    assert items[0].findtext("category") == "Utlysningar"
    article = Article.objects.get(title="Åre, Östersund och Malmö")
    assert items[0].findtext("link") == f"{settings.UTBLICK_BASE_URL.rstrip('/')}/kunskap/nyheter/{article.pk}/"

    atom = client.get(ATOM.format(token=token))
    assert atom.status_code == 200
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ElementTree.fromstring(atom.content).findall("a:entry", ns)
    assert [e.findtext("a:title", namespaces=ns) for e in entries] == ["Åre, Östersund och Malmö"]


def test_the_feed_url_needs_the_current_token_and_renewing_stops_the_old_one(client, sara, token):
    assert client.get(RSS.format(token="fel-nyckel")).status_code == 404
    assert client.get(ATOM.format(token=token)).status_code == 200
    news_actions.renew_feed_token(by=sara)
    assert client.get(RSS.format(token=token)).status_code == 404
    assert client.get(ATOM.format(token=token)).status_code == 404


def test_without_a_token_there_is_no_feed_and_the_admin_page_offers_to_create_one(client_for, personas):
    page = client_for("sara").get("/kunskap/nyheter/hantera/").content.decode()
    assert "Skapa adress till flödet" in page
    response = client_for("sara").post("/kunskap/nyheter/flode/ny-adress/")
    assert response.status_code == 302
    page = client_for("sara").get("/kunskap/nyheter/hantera/").content.decode()
    assert "/kunskap/nyheter/flode/" in page and "/rss/" in page


def test_only_the_coordinator_renews_the_feed_token(hans):
    with pytest.raises(PermissionDenied):
        news_actions.renew_feed_token(by=hans)


# Permission matrix


@pytest.fixture
def news_by_name(sara, units):
    return {
        "everyone": publish(sara, title="Till alla"),
        "unit": publish(sara, title="Till utbildning", for_everyone=False, units=[units["buf"]]),
        "draft": news_actions.save_article(by=sara, fields=news_fields(title="Utkast")),
    }


def _post(expected):
    return {who: 302 if code == 200 else code for who, code in expected.items()}


MATRIX = [
    ("get", "/kunskap/nyheter/", None, READ),
    ("get", "/kunskap/nyheter/{pk}/", "everyone", READ),
    ("get", "/kunskap/nyheter/{pk}/", "unit", NEWS_UNIT_VIEW),
    ("get", "/kunskap/nyheter/{pk}/", "draft", NEWS_DRAFT_VIEW),
    ("get", "/kunskap/nyheter/hantera/", None, ONLY_SARA),
    ("get", "/kunskap/nyheter/ny/", None, ONLY_SARA),
    ("get", "/kunskap/nyheter/{pk}/redigera/", "draft", ONLY_SARA),
    ("post", "/kunskap/nyheter/{pk}/publicera/", "draft", _post(ONLY_SARA)),
    ("post", "/kunskap/nyheter/{pk}/arkivera/", "everyone", _post(ONLY_SARA)),
    ("post", "/kunskap/nyheter/flode/ny-adress/", None, _post(ONLY_SARA)),
]


@pytest.mark.parametrize(
    ("method", "url", "obj", "persona", "expected"),
    [
        pytest.param(method, url, obj, persona, expected[persona], id=f"{method} {url} {obj or ''} {persona}")
        for method, url, obj, expected in MATRIX
        for persona in PERSONAS
    ],
)
def test_news_pages_answer_each_persona_as_the_matrix_says(
    client_for, news_by_name, method, url, obj, persona, expected
):
    target = url.format(pk=news_by_name[obj].pk if obj else "")
    assert getattr(client_for(persona), method)(target).status_code == expected
