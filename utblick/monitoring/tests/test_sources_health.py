"""Feed health: each source's figures on hand-made data, the 7-day flag and its count on the list, and a page whose
query count does not grow with the number of sources."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from utblick.monitoring.models import Item
from utblick.monitoring.sources.health import health_rows, long_failing_count
from utblick.monitoring.tests.sources_helpers import make_item, make_source

NOW = timezone.now()


def days_ago(days):
    return NOW - datetime.timedelta(days=days)


def test_items_per_week_is_the_average_of_the_last_four_weeks(db):
    source = make_source(name="Aurora")
    for day in (1, 5, 10, 20, 27):  # five items inside four weeks
        make_item(source, published_at=days_ago(day))
    make_item(source, published_at=days_ago(40))  # too old
    undated = make_item(source, published_at=None)  # counted by when it was fetched
    Item.objects.filter(pk=undated.pk).update(fetched_at=days_ago(2))
    old_undated = make_item(source, published_at=None)
    Item.objects.filter(pk=old_undated.pk).update(fetched_at=days_ago(60))
    quiet = make_source(name="Tyst källa")
    rows = {row.source.name: row for row in health_rows(NOW)}
    assert rows["Aurora"].items_per_week == 6 / 4
    assert rows["Tyst källa"].items_per_week == 0
    assert quiet.pk == rows["Tyst källa"].source.pk


def test_a_source_failing_for_seven_days_is_flagged_and_a_newer_failure_is_not(db):
    make_source(name="Trasig länge", consecutive_failures=40, failing_since=days_ago(8), last_error="Adressen gav 404.")
    make_source(name="Trasig i dag", consecutive_failures=2, failing_since=days_ago(1))
    make_source(name="Inaktiv och trasig", consecutive_failures=9, failing_since=days_ago(30), is_active=False)
    make_source(name="Fungerar", last_success_at=days_ago(0))
    flagged = {row.source.name: row.flagged for row in health_rows(NOW)}
    assert flagged == {"Trasig länge": True, "Trasig i dag": False, "Inaktiv och trasig": False, "Fungerar": False}
    assert long_failing_count(NOW) == 1


def test_the_health_page_shows_the_figures_and_the_flag_first(client_for, units):
    healthy = make_source(name="A Fungerar", last_success_at=days_ago(0))
    for day in range(8):
        make_item(healthy, published_at=days_ago(day))
    make_source(
        name="Ö Trasig",
        consecutive_failures=40,
        failing_since=days_ago(9),
        last_success_at=days_ago(9),
        last_error="Servern svarade inte inom 30 sekunder.",
    )
    page = client_for("sara").get("/bevakning/kallor/halsa/").content.decode()
    assert "1 källa har inte fungerat på 7 dagar." in page
    assert page.index("Ö Trasig") < page.index("A Fungerar")
    assert "Har inte fungerat på 7 dagar" in page
    assert "Servern svarade inte inom 30 sekunder." in page
    assert ">2,0<" in page  # eight items in four weeks, as Swedish shows it


def test_the_sources_list_tells_the_coordinator_how_many_have_failed_for_a_week(client_for, units):
    client = client_for("sara")
    assert "inte fungerat på 7 dagar" not in client.get("/bevakning/kallor/").content.decode()
    make_source(
        consecutive_failures=30,
        failing_since=days_ago(
            7,
        ),
    )
    make_source(consecutive_failures=30, failing_since=days_ago(12))
    page = client.get("/bevakning/kallor/").content.decode()
    assert "2 källor har inte fungerat på 7 dagar." in page
    assert 'href="/bevakning/kallor/halsa/"' in page


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/bevakning/kallor/halsa/").status_code == 200
    return len(queries)


def test_the_health_page_needs_the_same_queries_for_2_and_15_sources(client_for, units):
    client = client_for("sara")
    for number in range(2):
        make_item(make_source(consecutive_failures=number, failing_since=days_ago(10)), published_at=days_ago(1))
    few = count_queries(client)
    for number in range(13):
        source = make_source(consecutive_failures=number % 3, failing_since=days_ago(number))
        make_item(source, published_at=days_ago(number))
    assert count_queries(client) == few
