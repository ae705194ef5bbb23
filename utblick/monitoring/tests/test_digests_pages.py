"""The subscription pages (/bevakning/prenumerationer/) and the unsubscribe link that works without logging in."""

import datetime

import pytest
from django.core import signing
from django.urls import reverse

from tests.matrix import PERSONAS, READ
from utblick.core.history import history_of
from utblick.monitoring import digests
from utblick.monitoring.models import Source, Subscription
from utblick.policy.models import Objective

LIST = "/bevakning/prenumerationer/"
NEW = "/bevakning/prenumerationer/ny/"


def subscribe(user, **fields):
    units = fields.pop("units", ())
    subscription = Subscription.objects.create(user=user, **fields)
    subscription.units.set(units)
    return subscription


@pytest.mark.parametrize("username", PERSONAS)
def test_the_subscription_pages_are_open_to_every_internal_role(client_for, username):
    client = client_for(username)
    for path in (LIST, NEW):
        assert client.get(path).status_code == READ[username], path


def test_the_urls_are_the_documented_ones():
    assert reverse("monitoring:subscriptions") == LIST
    assert reverse("monitoring:subscription_create") == NEW


def test_lisa_subscribes_to_a_unit_and_keywords_and_sees_it_in_her_list(client_for, lisa, units):
    client = client_for("lisa")
    response = client.post(
        NEW,
        {
            "name": "Skola",
            "units": [units["buf"].pk],
            "keywords": "Erasmus+\n  skol   utbyte \n\nErasmus+",
            "frequency": "weekly",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=lisa)
    assert subscription.keywords == "Erasmus+\nskol utbyte"
    assert list(subscription.units.all()) == [units["buf"]]
    assert subscription.frequency == "weekly"
    page = client.get(LIST).content.decode()
    assert "Prenumerationen Skola är sparad." in page
    assert "Erasmus+, skol utbyte" in page and "En gång i veckan" in page
    assert history_of(subscription).count() == 1


def test_a_subscription_without_anything_to_watch_is_refused_in_swedish(client_for, hans):
    response = client_for("hans").post(NEW, {"name": "Tom", "frequency": "daily"})
    assert response.status_code == 200
    assert "Välj minst en enhet, ett mål eller en källa, eller skriv minst ett sökord" in response.content.decode()
    assert not Subscription.objects.exists()


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ("x" * 101, "är för långt. Ett sökord får vara högst 100 tecken."),
        ("a", "Sökordet ”a” är för kort. Ett sökord måste ha minst 2 tecken."),
        ("\n".join(f"ord{n}" for n in range(51)), "Ange högst 50 sökord, ett per rad."),
    ],
)
def test_bad_keywords_are_refused_with_a_sentence_saying_what_to_do(client_for, hans, keywords, message):
    response = client_for("hans").post(NEW, {"keywords": keywords, "frequency": "daily"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Subscription.objects.exists()


def test_an_unknown_frequency_is_refused(client_for, hans, units):
    response = client_for("hans").post(NEW, {"units": [units["buf"].pk], "frequency": "hourly"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_hans_edits_and_deletes_his_own_subscription(client_for, hans, units):
    subscription = subscribe(hans, name="Skola", units=[units["buf"]])
    client = client_for("hans")
    edit = f"/bevakning/prenumerationer/{subscription.pk}/andra/"
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"name": "Skola", "units": [units["kultur"].pk], "frequency": "instant"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert list(subscription.units.all()) == [units["kultur"]]
    assert subscription.frequency == "instant" and subscription.is_active is False  # the box was left empty
    change = history_of(subscription).first()
    assert any(c["field"] == "Enheter" for c in change.changes)

    delete = f"/bevakning/prenumerationer/{subscription.pk}/ta-bort/"
    assert "Ta bort prenumerationen" in client.get(delete).content.decode()
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    assert client.post(delete).status_code == 302
    assert not Subscription.objects.filter(pk=subscription.pk).exists()


@pytest.mark.parametrize("username", ["sara", "karin", "lisa"])
def test_nobody_reaches_another_users_subscription(client_for, hans, units, username):
    subscription = subscribe(hans, units=[units["buf"]])
    client = client_for(username)
    for action in ("andra", "ta-bort"):
        path = f"/bevakning/prenumerationer/{subscription.pk}/{action}/"
        assert client.get(path).status_code == 404
        assert client.post(path, {"units": [units["nuk"].pk], "frequency": "daily"}).status_code == 404
    assert Subscription.objects.get(pk=subscription.pk).is_active
    assert str(units["buf"].name) not in client.get(LIST).content.decode()


def test_the_list_takes_a_constant_number_of_queries(client_for, hans, units):
    client = client_for("hans")
    subscribe(hans, units=[units["buf"]])
    client.get(LIST)  # warm up the session and the access cache's own queries

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert client.get(LIST).status_code == 200
        return len(context.captured_queries)

    small = count()
    source = Source.objects.create(name="EU", url="http://127.0.0.1:9/eu.xml")
    for number in range(6):
        subscription = subscribe(hans, name=f"P{number}", units=[units["buf"], units["kultur"]], keywords="eu")
        subscription.objectives.set(Objective.objects.all()[:2])
        subscription.sources.set([source])
    assert count() == small


# --- unsubscribe -------------------------------------------------------------------------------------------


@pytest.fixture
def hans_subscriptions(hans, units):
    return [
        subscribe(hans, name="Skola", units=[units["buf"]]),
        subscribe(hans, name="Kultur", units=[units["kultur"]]),
    ]


def unsubscribe_path(subscriptions):
    token = digests.unsubscribe_token(subscriptions[0].user_id, [s.pk for s in subscriptions])
    return reverse("monitoring:unsubscribe", args=[token])


def test_the_unsubscribe_link_asks_first_and_post_turns_the_subscriptions_off_without_login(client, hans_subscriptions):
    path = unsubscribe_path(hans_subscriptions)
    page = client.get(path)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Vill du sluta få e-post från de här prenumerationerna" in text and "Skola" in text and "Kultur" in text
    # A mail scanner following the link changes nothing.
    assert all(s.is_active for s in Subscription.objects.all())

    done = client.post(path)
    assert done.status_code == 200
    assert "Klart. Du får inga fler utskick" in done.content.decode()
    assert not any(s.is_active for s in Subscription.objects.all())
    assert history_of(hans_subscriptions[0]).first().reason == "Avslutad med länken i e-posten."
    assert "redan avslutade" in client.get(path).content.decode()


def test_unsubscribing_from_one_digest_leaves_the_other_subscriptions_alone(client, hans, hans_subscriptions, units):
    weekly = subscribe(hans, name="Veckan", units=[units["buf"]], frequency="weekly")
    client.post(unsubscribe_path(hans_subscriptions[:1]))
    assert not Subscription.objects.get(pk=hans_subscriptions[0].pk).is_active
    assert Subscription.objects.get(pk=hans_subscriptions[1].pk).is_active
    assert Subscription.objects.get(pk=weekly.pk).is_active


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_gets_a_clear_swedish_page_and_changes_nothing(client, hans_subscriptions, method):
    token = digests.unsubscribe_token(hans_subscriptions[0].user_id, [hans_subscriptions[0].pk])
    payload, rest = token.split(":", 1)
    other = signing.dumps({"u": 999, "s": [hans_subscriptions[1].pk]}, salt=digests.UNSUBSCRIBE_SALT, compress=True)
    for bad in (payload[:-2] + "xx:" + rest, other.split(":", 1)[0] + ":" + rest, "nonsens", signing.dumps({"u": 1})):
        response = getattr(client, method)(reverse("monitoring:unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "Länken fungerar inte" in response.content.decode()
    assert all(s.is_active for s in Subscription.objects.all())


def test_an_expired_token_says_so(client, hans_subscriptions, monkeypatch):
    path = unsubscribe_path(hans_subscriptions)
    monkeypatch.setattr(digests, "UNSUBSCRIBE_MAX_AGE", datetime.timedelta(seconds=-1))
    response = client.post(path)
    assert response.status_code == 400
    assert "Länken är för gammal" in response.content.decode()
    assert all(s.is_active for s in Subscription.objects.all())


def test_a_token_for_deleted_subscriptions_is_refused(client, hans_subscriptions):
    path = unsubscribe_path(hans_subscriptions)
    Subscription.objects.all().delete()
    assert client.get(path).status_code == 400
