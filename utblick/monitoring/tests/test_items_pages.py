"""The item list, the item page with its triage, starting an engagement proposal, and the rule pages."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.matrix import ONLY_SARA, PERSONAS, READ
from utblick.core.models import Change
from utblick.engagements.models import Engagement, Status
from utblick.monitoring.models import Item, Rule, Source
from utblick.policy.models import Objective

pytestmark = pytest.mark.django_db

# Triage: the coordinator any item; case officers and heads of department items sorted to their units.
TRIAGE_BUF_ITEM = {
    "sara": 302,
    "hans": 302,
    "karin": 403,
    "fredrik": 302,
    "per": 403,
    "lisa": 403,
    "erik": 403,
    None: 302,
}


@pytest.fixture
def source(db):
    return Source.objects.create(name="EU-nytt", url="http://127.0.0.1:9/eu.xml")


_counter = [0]


def make_item(source, title, text="", units=(), **fields):
    _counter[0] += 1
    item = Item.objects.create(
        source=source, title=title, text=f"{title}\n{text}", content_hash=f"p{_counter[0]}", **fields
    )
    item.units.set(units)
    return item


@pytest.fixture
def buf_item(source, units):
    return make_item(
        source, "Erasmus+ skolutbyte", "Utlysning för skolor", units=[units["buf"]], link="https://example.org/e"
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_internal_role_reads_the_item_list(client_for, persona, buf_item):
    assert client_for(persona).get(reverse("monitoring:items")).status_code == READ[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_internal_role_reads_an_item(client_for, persona, buf_item):
    assert client_for(persona).get(reverse("monitoring:item", args=[buf_item.pk])).status_code == READ[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_those_whose_units_the_item_is_sorted_to_may_triage_it(client_for, persona, buf_item):
    response = client_for(persona).post(
        reverse("monitoring:item", args=[buf_item.pk]), {"state": "relevant", "comment": "Bra för oss"}
    )
    assert response.status_code == TRIAGE_BUF_ITEM[persona]
    buf_item.refresh_from_db()
    assert (buf_item.state == "relevant") == (TRIAGE_BUF_ITEM[persona] == 302 and persona is not None)


@pytest.mark.parametrize("persona,shown", [("sara", True), ("hans", True), ("karin", False), ("per", False)])
def test_the_triage_form_is_shown_only_to_those_who_may_triage(client_for, persona, shown, buf_item):
    page = client_for(persona).get(reverse("monitoring:item", args=[buf_item.pk])).content.decode()
    assert ("Spara bedömningen" in page) is shown
    assert "Erasmus+ skolutbyte" in page


def test_triage_is_recorded_in_the_history(client_for, buf_item, units):
    client = client_for("hans")
    client.post(
        reverse("monitoring:item", args=[buf_item.pk]),
        {"state": "shared", "comment": "Skickad till rektorerna", "assigned_unit": units["buf"].pk},
    )
    buf_item.refresh_from_db()
    assert buf_item.state == Item.State.SHARED
    assert buf_item.assigned_unit == units["buf"]
    assert buf_item.triaged_by.username == "hans"
    change = Change.objects.get(content_type=ContentType.objects.get_for_model(Item), object_id=buf_item.pk)
    assert {c["field"] for c in change.changes} == {"Bedömning", "Kommentar", "Tilldelad enhet"}
    page = client.get(reverse("monitoring:item", args=[buf_item.pk])).content.decode()
    assert "Skickad till rektorerna" in page and "Hans Handläggare" in page


def test_an_item_can_be_linked_to_an_engagement_the_user_may_see(client_for, buf_item, make_engagement):
    engagement = make_engagement(title="Skolutbyte med Røros")
    client_for("hans").post(
        reverse("monitoring:item", args=[buf_item.pk]), {"state": "relevant", "engagement": engagement.pk}
    )
    buf_item.refresh_from_db()
    assert buf_item.engagement == engagement


def test_an_engagement_the_user_may_not_see_cannot_be_linked(client_for, buf_item, make_engagement, units):
    secret = make_engagement(
        title="Hemligt kulturprojekt", owner_unit=units["kultur"], is_secret=True, secrecy_ground="OSL 21:1"
    )
    page = client_for("hans").get(reverse("monitoring:item", args=[buf_item.pk])).content.decode()
    assert "Hemligt kulturprojekt" not in page
    response = client_for("hans").post(
        reverse("monitoring:item", args=[buf_item.pk]), {"state": "relevant", "engagement": secret.pk}
    )
    assert response.status_code == 200
    assert "Kopplat engagemang" in response.content.decode()
    buf_item.refresh_from_db()
    assert buf_item.engagement is None and buf_item.state == Item.State.NEW


def test_script_in_a_title_summary_or_link_never_comes_out(client_for, source, units):
    item = make_item(
        source,
        "<script>alert('rubrik')</script>Utlysning",
        summary="<p>Text <b>fet</b></p><script>alert('sammanfattning')</script><img src=x onerror=alert(1)>"
        '<a href="javascript:alert(2)">klicka</a>',
        link="javascript:alert(3)",
        units=[units["buf"]],
    )
    for url in (reverse("monitoring:item", args=[item.pk]), reverse("monitoring:items") + "?unit="):
        page = client_for("sara").get(url).content.decode()
        assert "<script>alert" not in page
        assert "onerror" not in page
        assert "javascript:" not in page
        assert "&lt;script&gt;alert(&#x27;rubrik&#x27;)" in page
    page = client_for("sara").get(reverse("monitoring:item", args=[item.pk])).content.decode()
    assert "<b>fet</b>" in page  # harmless markup stays
    assert "Läs originalet" not in page


def test_starting_an_engagement_proposal_prefills_the_form_from_the_item(client_for, buf_item):
    page = client_for("hans").get(reverse("monitoring:item_propose", args=[buf_item.pk])).content.decode()
    assert 'value="Erasmus+ skolutbyte"' in page
    assert "Enligt bevakningsposten ”Erasmus+ skolutbyte” (https://example.org/e)." in page


def test_saving_the_proposal_creates_an_idea_linked_to_the_item(client_for, buf_item, units, policy):
    data = {
        "title": "Erasmus+ för högstadiet",
        "kind": Engagement._meta.get_field("kind").choices[0][0],
        "purpose": "Enligt bevakningsposten.",
        "unit_goal": "Språk",
        "owner_unit": units["buf"].pk,
        "scope": Engagement._meta.get_field("scope").default,
        "objectives": [Objective.objects.get(code="M3").pk],
        "partners-TOTAL_FORMS": "0",
        "partners-INITIAL_FORMS": "0",
    }
    response = client_for("hans").post(reverse("monitoring:item_propose", args=[buf_item.pk]), data)
    engagement = Engagement.objects.get(title="Erasmus+ för högstadiet")
    assert response.status_code == 302
    assert response["Location"] == reverse("engagements:detail", args=[engagement.pk])
    assert engagement.status == Status.IDEA
    buf_item.refresh_from_db()
    assert buf_item.engagement == engagement


def test_karin_cannot_start_a_proposal_from_an_item_of_another_unit(client_for, buf_item):
    assert client_for("karin").get(reverse("monitoring:item_propose", args=[buf_item.pk])).status_code == 403


def test_the_list_filters_by_state_source_objective_and_search(client_for, source, units, policy):
    other = Source.objects.create(name="Kommunnytt", url="http://127.0.0.1:9/k.xml")
    relevant = make_item(source, "Interreg Aurora", state=Item.State.RELEVANT)
    new = make_item(other, "Kulturutbyte med Norge", text="Musik och dans")
    m3 = Objective.objects.get(code="M3")
    new.objectives.set([m3])
    client = client_for("sara")

    def titles(query):
        page = client.get(reverse("monitoring:items") + query).content.decode()
        return {t for t in ("Interreg Aurora", "Kulturutbyte med Norge") if t in page}

    assert titles("?state=relevant") == {relevant.title}
    assert titles(f"?source={other.pk}") == {new.title}
    assert titles(f"?objective={m3.pk}") == {new.title}
    assert titles("?q=DANS") == {new.title}
    assert titles("") == {relevant.title, new.title}


def test_hans_starts_at_his_units_items_and_can_show_all(client_for, source, units):
    make_item(source, "För skolan", units=[units["buf"]])
    make_item(source, "För kulturen", units=[units["kultur"]])
    make_item(source, "Tilldelad skolan", assigned_unit=units["buf"])
    client = client_for("hans")
    mine = client.get(reverse("monitoring:items")).content.decode()
    assert "För skolan" in mine and "Tilldelad skolan" in mine and "För kulturen" not in mine
    everything = client.get(reverse("monitoring:items") + "?unit=").content.decode()
    assert "För kulturen" in everything
    assert "För kulturen" in client_for("per").get(reverse("monitoring:items")).content.decode()


def test_the_list_is_paginated_newest_first(client_for, source, settings):
    settings.UTBLICK_PAGE_SIZE = 2
    import datetime

    from django.utils import timezone

    now = timezone.now()
    for i in range(3):
        make_item(source, f"Post nummer {i}", published_at=now - datetime.timedelta(days=i))
    client = client_for("sara")
    first = client.get(reverse("monitoring:items")).content.decode()
    assert first.index("Post nummer 0") < first.index("Post nummer 1")
    assert "Post nummer 2" not in first
    assert "Post nummer 2" in client.get(reverse("monitoring:items") + "?page=2").content.decode()


def test_the_list_takes_the_same_number_of_queries_for_any_number_of_items(client_for, source, units, policy):
    client = client_for("hans")
    m3 = Objective.objects.get(code="M3")

    def count(n):
        for i in range(n):
            item = make_item(source, f"Post {i}", units=[units["buf"]])
            item.objectives.set([m3])
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("monitoring:items")).status_code == 200
        return len(queries)

    assert count(2) == count(15)


# --- rules pages ---


@pytest.fixture
def rule(units):
    rule = Rule.objects.create(name="Interreg", terms="interreg")
    rule.units.set([units["buf"]])
    return rule


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["rules", "rule_create", "rule_edit"])
def test_only_the_coordinator_reaches_the_rule_pages(client_for, persona, name, rule):
    args = [rule.pk] if name == "rule_edit" else []
    assert client_for(persona).get(reverse(f"monitoring:{name}", args=args)).status_code == ONLY_SARA[persona]


@pytest.mark.parametrize("persona", ["hans", "fredrik", "per", "erik"])
def test_others_cannot_apply_or_switch_off_a_rule(client_for, persona, rule):
    client = client_for(persona)
    assert client.post(reverse("monitoring:rule_apply", args=[rule.pk])).status_code == 403
    assert client.post(reverse("monitoring:rule_toggle", args=[rule.pk])).status_code == 403


def rule_data(**changes):
    data = {"name": "Interreg", "terms": "interreg\nnpa", "pattern": "", "mode": "include", "fields": "all"}
    data.update(changes)
    return data


def test_preview_shows_the_matches_and_saves_nothing(client_for, source):
    make_item(source, "Interreg NPA utlyser")
    make_item(source, "Annat")
    response = client_for("sara").post(reverse("monitoring:rule_create"), rule_data(preview="1"))
    page = response.content.decode()
    assert "Regeln matchar 1 sparad post." in page
    assert "Interreg NPA utlyser" in page
    assert not Rule.objects.exists()


def test_a_bad_regular_expression_is_refused_in_swedish(client_for):
    response = client_for("sara").post(reverse("monitoring:rule_create"), rule_data(pattern="(a+)+", save="1"))
    assert "Det reguljära uttrycket kan ta orimligt lång tid" in response.content.decode()
    assert not Rule.objects.exists()


def test_a_rule_needs_words_or_an_expression(client_for):
    response = client_for("sara").post(reverse("monitoring:rule_create"), rule_data(terms="  \n ", save="1"))
    assert "Skriv minst ett ord eller en fras" in response.content.decode()


def test_saving_applying_and_switching_off_a_rule_with_history(client_for, source, units):
    item = make_item(source, "Interreg Aurora")
    client = client_for("sara")
    response = client.post(reverse("monitoring:rule_create"), rule_data(units=[units["buf"].pk], save="1"))
    rule = Rule.objects.get()
    assert response["Location"] == reverse("monitoring:rule_edit", args=[rule.pk])
    response = client.post(reverse("monitoring:rule_apply", args=[rule.pk]), follow=True)
    assert "Regeln matchar 1 befintlig post." in response.content.decode()
    assert list(item.units.all()) == [units["buf"]]
    client.post(reverse("monitoring:rule_toggle", args=[rule.pk]))
    rule.refresh_from_db()
    assert not rule.is_active
    page = client.get(reverse("monitoring:rule_edit", args=[rule.pk])).content.decode()
    assert "Regeln är avstängd" in page and "Sara Samordnare" in page
    response = client.post(reverse("monitoring:rule_apply", args=[rule.pk]), follow=True)
    assert "Regeln är avstängd och sorterar inga poster." in response.content.decode()
    assert not item.units.exists()  # a rule switched off and applied takes its tags away
    assert Change.objects.filter(content_type=ContentType.objects.get_for_model(Rule), object_id=rule.pk).count() == 2


def test_the_menu_shows_bevakning_to_internal_roles(client_for):
    assert "Bevakning" in client_for("lisa").get(reverse("start")).content.decode()
    assert ">Bevakning<" not in client_for("erik").get(reverse("start")).content.decode()


def test_a_search_with_more_hits_than_the_cap_says_so(client_for, monkeypatch):
    from utblick.core import paging
    from utblick.monitoring.tests.sources_helpers import make_item, make_source

    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    source = make_source()
    for number in range(5):
        make_item(source, title=f"Utlysning {number}", text=f"Utlysning {number}")
    html = client_for("sara").get("/bevakning/", {"q": "utlysning"}).content.decode()
    assert "Fler än 3 poster matchar filtret. Avgränsa sökningen för att se fler." in html
