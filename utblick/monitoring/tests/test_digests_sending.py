"""Email digests through a real SMTP server on 127.0.0.1: who gets which items, nothing twice, the weekly
summary for Kommunstyrelsen, the command, the scheduler jobs and the instant digests after a fetch round."""

import datetime
import hashlib
import itertools
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.utils import timezone

from utblick.core.schedule import JOBS, run_due_jobs
from utblick.monitoring import digests
from utblick.monitoring.models import Item, Source, Subscription
from utblick.policy.models import Objective

_counter = itertools.count(1)


@pytest.fixture
def source(db):
    return Source.objects.create(name="Interreg Aurora", url="http://127.0.0.1:9/aurora.xml")


@pytest.fixture
def other_source(db):
    return Source.objects.create(name="Tillväxtverket", url="http://127.0.0.1:9/tvv.xml")


@pytest.fixture
def make_item(source):
    def make(title, *, text="", src=None, units=(), objectives=(), state=Item.State.NEW, fetched_ago=None, **fields):
        number = next(_counter)
        item = Item.objects.create(
            source=src or source,
            title=title,
            text=text,
            link=f"https://example.invalid/post/{number}",
            guid=f"guid-{number}",
            content_hash=hashlib.sha256(f"{title}{number}".encode()).hexdigest(),
            state=state,
            **fields,
        )
        item.units.set(units)
        item.objectives.set(objectives)
        if fetched_ago is not None:
            Item.objects.filter(pk=item.pk).update(fetched_at=timezone.now() - fetched_ago)
            item.refresh_from_db()
        return item

    return make


def subscribe(user, *, frequency="daily", units=(), objectives=(), sources=(), keywords="", **fields):
    subscription = Subscription.objects.create(user=user, frequency=frequency, keywords=keywords, **fields)
    subscription.units.set(units)
    subscription.objectives.set(objectives)
    subscription.sources.set(sources)
    return subscription


def html_of(mail) -> str:
    return mail.message.get_body(preferencelist=("html",)).get_content()


def test_hans_gets_the_items_of_his_unit_and_keywords_in_one_daily_email(smtp_server, hans, units, make_item):
    subscribe(hans, units=[units["buf"]], name="Skolan")
    subscribe(hans, keywords="Erasmus+\nskolutbyte", name="Utbyten")
    tagged = make_item("Ny utlysning för förskolor", units=[units["buf"]])
    by_word = make_item("Stöd till SKOLUTBYTE med Norge")
    make_item("Kulturstöd för museer", units=[units["kultur"]])
    make_item("Skolutbyten i Norden", text="inte hela ordet")  # "skolutbyten" is not the word "skolutbyte"

    outcome = digests.send_digests("daily")

    assert len(outcome.sent) == 1
    [mail] = smtp_server.messages
    assert mail.recipients == ["hans@kommun.example"]
    assert mail.subject.strip() == "Omvärldsbevakning (dagligt sammandrag): 2 nya poster"
    assert tagged.title in mail.body and by_word.title in mail.body
    assert "Kulturstöd" not in mail.body and "Skolutbyten i Norden" not in mail.body
    assert f"http://testserver.example/bevakning/{tagged.pk}/" in mail.body
    assert tagged.link in mail.body
    assert "Interreg Aurora" in mail.body
    assert "Skolan, Utbyten" in mail.body
    html = html_of(mail)
    assert f'href="{tagged.link}"' in html and "Avsluta prenumerationerna" in html


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.UTBLICK_BASE_URL = "http://testserver.example"


def test_each_user_gets_one_email_per_frequency_with_only_their_matches(
    smtp_server, hans, karin, sara, units, make_item, other_source
):
    subscribe(hans, units=[units["buf"]])
    subscribe(karin, sources=[other_source], frequency="daily")
    subscribe(karin, objectives=[Objective.objects.get(code="M3")], frequency="weekly")
    subscribe(sara, keywords="interreg", frequency="daily")
    school = make_item("Skolprojekt", units=[units["buf"]])
    tvv = make_item("Regionalfonden öppnar", src=other_source)
    goal = make_item("Mål tre-projekt", objectives=[Objective.objects.get(code="M3")])

    digests.send_digests("daily")

    assert [m.recipients for m in smtp_server.messages] == [["hans@kommun.example"], ["karin@kommun.example"]]
    assert school.title in smtp_server.to("hans@kommun.example")[0].body
    karin_daily = smtp_server.to("karin@kommun.example")[0].body
    assert tvv.title in karin_daily and goal.title not in karin_daily
    # Sara's keyword matched nothing: no email, but her next digest starts from now.
    assert Subscription.objects.get(user=sara).last_sent_at is not None

    digests.send_digests("weekly")
    weekly = smtp_server.messages[-1]
    assert weekly.recipients == ["karin@kommun.example"]
    assert weekly.subject.strip() == "Omvärldsbevakning (veckosammandrag): 1 ny post"
    assert goal.title in weekly.body


def test_nothing_is_sent_twice_and_the_next_day_brings_only_new_items(smtp_server, hans, units, make_item):
    subscribe(hans, units=[units["buf"]])
    first = make_item("Första", units=[units["buf"]])
    digests.send_digests("daily")
    assert len(smtp_server.messages) == 1

    # Run again at once (the hourly job): not due yet, nothing new is sent.
    second = make_item("Andra", units=[units["buf"]])
    assert digests.send_digests("daily").sent == []
    assert len(smtp_server.messages) == 1

    # A day later only the new item comes.
    later = timezone.now() + datetime.timedelta(hours=24)
    digests.send_digests("daily", now=later)
    assert len(smtp_server.messages) == 2
    body = smtp_server.messages[-1].body
    assert second.title in body and first.title not in body


def test_not_relevant_and_old_items_are_left_out_of_the_first_digest(smtp_server, hans, units, make_item):
    subscribe(hans, units=[units["buf"]])
    make_item("Ej relevant post", units=[units["buf"]], state=Item.State.NOT_RELEVANT)
    make_item("Gammal post", units=[units["buf"]], fetched_ago=datetime.timedelta(days=8))
    recent = make_item("Nyss hämtad", units=[units["buf"]], fetched_ago=datetime.timedelta(days=6))

    digests.send_digests("daily")

    [mail] = smtp_server.messages
    assert recent.title in mail.body
    assert "Ej relevant post" not in mail.body and "Gammal post" not in mail.body


def test_inactive_subscriptions_users_without_address_and_external_users_get_nothing(
    smtp_server, hans, karin, erik, units, make_item
):
    subscribe(hans, units=[units["buf"]], is_active=False)
    karin.email = ""
    karin.save()
    subscribe(karin, units=[units["buf"]])
    subscribe(erik, units=[units["buf"]])
    make_item("Skolprojekt", units=[units["buf"]])

    assert digests.send_digests("daily").sent == []
    assert smtp_server.messages == []


def test_a_failing_mail_server_sends_nothing_and_the_next_run_tries_again(settings, hans, units, make_item):
    subscribe(hans, units=[units["buf"]])
    make_item("Skolprojekt", units=[units["buf"]])
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2  # nothing listens there

    with pytest.raises(OSError):
        digests.send_digests("daily")
    assert Subscription.objects.get(user=hans).last_sent_at is None


def test_the_digest_has_one_click_unsubscribe_headers_that_work_without_login(smtp_server, hans, units, make_item):
    subscription = subscribe(hans, units=[units["buf"]])
    make_item("Skolprojekt", units=[units["buf"]])
    digests.send_digests("daily")
    [mail] = smtp_server.messages

    header = str(mail.message["List-Unsubscribe"]).strip()
    assert header.startswith("<http://testserver.example/bevakning/avsluta/") and header.endswith("/>")
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert header[1:-1] in mail.body

    from django.test import Client

    path = header[1:-1].removeprefix("http://testserver.example")
    # What a mail program does for one-click (RFC 8058): a POST with that body, no cookies, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        path, data="List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_active is False


def test_instant_digests_go_out_after_a_fetch_round_with_only_the_new_items(smtp_server, hans, units, make_item):
    subscribe(hans, keywords="Interreg", frequency="instant")
    subscribe(hans, keywords="Interreg", frequency="daily")
    first = make_item("Interreg Aurora öppnar utlysning")

    digests.send_instant([first])  # the fetch runner's call; the immediate task backend runs it now

    [mail] = smtp_server.messages
    assert mail.subject.strip() == "Omvärldsbevakning (direkt): 1 ny post"
    assert first.title in mail.body

    second = make_item("Interreg NPA: nytt seminarium")
    digests.send_instant([second.pk])
    assert len(smtp_server.messages) == 2
    assert second.title in smtp_server.messages[-1].body and first.title not in smtp_server.messages[-1].body

    digests.send_instant([])  # a round with nothing new sends nothing
    assert len(smtp_server.messages) == 2


def test_send_instant_never_raises_into_the_fetch_runner(monkeypatch, hans):
    def broken():
        raise RuntimeError("queue down")

    monkeypatch.setattr(digests, "send_instant_task", SimpleNamespace(enqueue=broken))
    digests.send_instant([1])  # logged, not raised


def test_the_scheduler_sends_the_daily_and_weekly_digests_and_the_summary(smtp_server, hans, sara, units, make_item):
    subscribe(hans, units=[units["buf"]], frequency="daily")
    subscribe(sara, units=[units["buf"]], frequency="weekly")
    make_item("Skolprojekt", units=[units["buf"]])
    make_item("Relevant för kultur", state=Item.State.RELEVANT, triaged_at=timezone.now())
    names = {"monitoring_daily_digests", "monitoring_weekly_digests", "monitoring_weekly_summary"}
    mine = [job for job in JOBS if job.name in names]
    assert {job.name for job in mine} == names

    enqueued = run_due_jobs(jobs=mine)

    assert set(enqueued) == {job.name for job in mine}
    subjects = sorted(m.subject.strip() for m in smtp_server.messages)
    assert subjects == [
        "Omvärldsbevakning (dagligt sammandrag): 1 ny post",
        "Omvärldsbevakning (veckosammandrag): 1 ny post",
        "Omvärldsbevakning, veckan som gått: 1 relevant post",
    ]
    # An hour later the digests' jobs run again, but nobody is due: nothing more is sent.
    run_due_jobs(now=timezone.now() + datetime.timedelta(hours=1, minutes=1), jobs=mine)
    assert len(smtp_server.messages) == 3


def test_the_weekly_summary_lists_relevant_and_shared_items_by_unit_and_objective(
    smtp_server, settings, sara, hans, units, make_item
):
    settings.MONITORING_WEEKLY_SUMMARY_TO = ["ks@kommun.example", "kansli@kommun.example"]
    m3 = Objective.objects.get(code="M3")
    now = timezone.now()
    relevant = make_item(
        "Erasmus+ skolutbyte",
        units=[units["buf"]],
        objectives=[m3],
        state=Item.State.RELEVANT,
        triaged_at=now - datetime.timedelta(days=2),
        comment="Passar Røros-utbytet.",
    )
    shared = make_item("Kulturfonden", state=Item.State.SHARED, triaged_at=now - datetime.timedelta(days=1))
    shared.assigned_unit = units["kultur"]
    shared.save()
    make_item("Förra månaden", state=Item.State.RELEVANT, triaged_at=now - datetime.timedelta(days=20))
    make_item("Ej relevant", state=Item.State.NOT_RELEVANT, triaged_at=now - datetime.timedelta(days=1))
    make_item("Obedömd", units=[units["buf"]])

    digests.send_weekly_summary()

    [mail] = smtp_server.messages
    assert sorted(mail.recipients) == ["kansli@kommun.example", "ks@kommun.example"]
    assert mail.subject.strip() == "Omvärldsbevakning, veckan som gått: 2 relevanta poster"
    body = mail.body
    assert relevant.title in body and shared.title in body
    assert "Förra månaden" not in body and "Ej relevant\n" not in body and "Obedömd" not in body
    by_unit, by_objective = body.split("PER MÅL")
    assert units["buf"].name in by_unit and units["kultur"].name in by_unit
    assert "Passar Røros-utbytet." in by_unit
    assert f"M3 {m3.name}" in by_objective and "Utan mål" in by_objective
    assert f"http://testserver.example/bevakning/{relevant.pk}/" in body
    assert "<h3>" in html_of(mail)


def test_without_configured_addresses_the_summary_goes_to_every_coordinator(smtp_server, settings, personas, make_item):
    settings.MONITORING_WEEKLY_SUMMARY_TO = []
    make_item("Relevant", state=Item.State.RELEVANT, triaged_at=timezone.now())
    digests.send_weekly_summary()
    [mail] = smtp_server.messages
    assert mail.recipients == ["sara@kommun.example"]
    assert "Utan enhet" in mail.body


def test_a_week_without_relevant_items_sends_no_summary(smtp_server, settings, personas, make_item):
    settings.MONITORING_WEEKLY_SUMMARY_TO = ["ks@kommun.example"]
    make_item("Obedömd")
    out = []
    summary = digests.send_weekly_summary(report=out.append)
    assert summary.count == 0
    assert smtp_server.messages == []
    assert out == ["Inga poster markerades som relevanta den senaste veckan; ingen sammanfattning skickas."]


def test_the_command_sends_due_digests_and_dry_run_sends_nothing(smtp_server, hans, units, make_item):
    subscribe(hans, units=[units["buf"]])
    make_item("Skolprojekt", units=[units["buf"]])

    out = StringIO()
    call_command("send_monitoring_digests", "--frequency", "daily", "--dry-run", stdout=out)
    assert "Skulle skicka till hans@kommun.example: ”Omvärldsbevakning (dagligt sammandrag): 1 ny post”." in (
        out.getvalue()
    )
    assert smtp_server.messages == []
    assert Subscription.objects.get(user=hans).last_sent_at is None

    out = StringIO()
    call_command("send_monitoring_digests", stdout=out)
    assert "Skickade till hans@kommun.example" in out.getvalue()
    assert len(smtp_server.messages) == 1

    out = StringIO()
    call_command("send_monitoring_digests", "--frequency", "daily", stdout=out)
    assert "Inga sammandrag att skicka just nu." in out.getvalue()
    assert len(smtp_server.messages) == 1


def test_the_command_sends_the_summary(smtp_server, settings, personas, make_item):
    settings.MONITORING_WEEKLY_SUMMARY_TO = ["ks@kommun.example"]
    make_item("Relevant", state=Item.State.RELEVANT, triaged_at=timezone.now())
    out = StringIO()
    call_command("send_monitoring_digests", "--summary", "--dry-run", stdout=out)
    assert "Skulle skicka till ks@kommun.example" in out.getvalue()
    assert smtp_server.messages == []
    call_command("send_monitoring_digests", "--summary", stdout=StringIO())
    assert [m.recipients for m in smtp_server.messages] == [["ks@kommun.example"]]


def test_building_digests_takes_a_constant_number_of_queries(
    hans, karin, sara, units, make_item, django_assert_max_num_queries
):
    for user in (hans, karin):
        subscribe(user, units=[units["buf"]], keywords="interreg")
    for number in range(3):
        make_item(f"Skolprojekt {number}", units=[units["buf"]])
    now = timezone.now()
    with django_assert_max_num_queries(8):
        small = digests.digests_for("daily", now)
    for user in (sara,):
        subscribe(user, units=[units["kultur"]], sources=[Source.objects.first()])
    for number in range(20):
        make_item(f"Interreg {number}", units=[units["kultur"]])
    with django_assert_max_num_queries(8):
        large = digests.digests_for("daily", now + datetime.timedelta(seconds=1))
    assert len(small) == 2 and len(large) == 3
    assert len(next(d for d in large if d.user == sara).items) == 20 + 3


def test_two_runs_at_once_send_each_digest_only_once(smtp_server, hans, units, make_item):
    subscribe(hans, units=[units["buf"]])
    make_item("Skolprojekt", units=[units["buf"]])
    now = timezone.now()
    read_by_the_other_worker = digests.digests_for("daily", now)

    digests.send_digests("daily", now=now)

    # The other worker read the same subscription before the send: its claim fails, so it sends nothing.
    assert digests._claim(read_by_the_other_worker[0], now + datetime.timedelta(seconds=1)) is False
    assert len(smtp_server.messages) == 1


def test_one_failing_digest_does_not_stop_the_others_and_is_retried(
    smtp_server, monkeypatch, hans, karin, units, make_item
):
    subscribe(hans, units=[units["buf"]])
    subscribe(karin, units=[units["buf"]])
    make_item("Skolprojekt", units=[units["buf"]])
    real = digests.message_of

    def refuse_hans(digest, connection=None):
        if digest.email == "hans@kommun.example":
            raise OSError("550 mailbox unavailable")
        return real(digest, connection)

    monkeypatch.setattr(digests, "message_of", refuse_hans)
    outcome = digests.send_digests("daily")

    assert [d.email for d in outcome.failed] == ["hans@kommun.example"]
    assert [m.recipients for m in smtp_server.messages] == [["karin@kommun.example"]]
    assert Subscription.objects.get(user=hans).last_sent_at is None
    monkeypatch.setattr(digests, "message_of", real)
    digests.send_digests("daily")
    assert [m.recipients for m in smtp_server.messages][-1] == ["hans@kommun.example"]
    assert len(smtp_server.messages) == 2


def test_a_long_digest_lists_the_newest_hundred_and_says_how_many_more(smtp_server, hans, units, make_item):
    subscribe(hans, keywords="interreg")
    for number in range(digests.MAX_ITEMS_PER_EMAIL + 3):
        make_item(f"Interreg nyhet {number}")

    digests.send_digests("daily")

    [mail] = smtp_server.messages
    assert mail.subject.strip() == "Omvärldsbevakning (dagligt sammandrag): 103 nya poster"
    assert mail.body.count("Interreg nyhet") == 100
    assert "Det här är 103 nya poster" in mail.body
    assert "… och 3 poster till. Alla finns i Utblick: http://testserver.example/bevakning/" in mail.body
