"""The economy pages × every persona → the status they get. The economy follows its engagement's permissions."""

from decimal import Decimal

import pytest

from tests.matrix import PERSONAS
from utblick.finance.models import BudgetLine
from utblick.finance.tests.conftest import line_data

# Every internal role reads an open engagement; the external actor does not see engagements at all.
VIEW = {"sara": 200, "hans": 200, "karin": 200, "fredrik": 200, "per": 200, "lisa": 200, "erik": 404, None: 302}
# A secret engagement of Barn, utbildning och fritid: its own unit (Per sits on the committee above it) and the
# coordinator only.
VIEW_SECRET = {"sara": 200, "hans": 200, "karin": 404, "fredrik": 200, "per": 200, "lisa": 404, "erik": 404, None: 302}
# Changing follows the engagement: the coordinator and the owning unit's handläggare and förvaltningschef.
CHANGE = {"sara": 200, "hans": 200, "karin": 403, "fredrik": 200, "per": 403, "lisa": 403, "erik": 404, None: 302}
CHANGE_SECRET = {**CHANGE, "karin": 404, "lisa": 404}


def _url(engagement, line=None, what=""):
    base = f"/engagemang/{engagement.pk}/ekonomi/"
    return base if line is None else f"{base}{line.pk}/{what}/"


@pytest.mark.parametrize("username", PERSONAS)
def test_economy_page_status_by_persona(client_for, engagement, username):
    assert client_for(username).get(_url(engagement)).status_code == VIEW[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_secret_engagements_economy_is_hidden_from_those_who_cannot_see_it(client_for, secret_engagement, username):
    assert client_for(username).get(_url(secret_engagement)).status_code == VIEW_SECRET[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_only_those_who_may_change_the_engagement_can_add_a_line(client_for, engagement, username):
    response = client_for(username).post(_url(engagement), line_data())
    added = BudgetLine.objects.filter(engagement=engagement).exists()
    if CHANGE[username] == 200:
        assert response.status_code == 302
        assert added
    else:
        assert response.status_code == CHANGE[username]
        assert not added


@pytest.mark.parametrize("username", PERSONAS)
def test_edit_page_status_by_persona(client_for, engagement, make_line, username):
    line = make_line(engagement)
    assert client_for(username).get(_url(engagement, line, "redigera")).status_code == CHANGE[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_only_those_who_may_change_the_engagement_can_edit_a_line(client_for, engagement, make_line, username):
    line = make_line(engagement)
    response = client_for(username).post(_url(engagement, line, "redigera"), line_data(planned_amount="777"))
    line.refresh_from_db()
    if CHANGE[username] == 200:
        assert response.status_code == 302
        assert line.planned_amount == Decimal(777)
    else:
        assert response.status_code == CHANGE[username]
        assert line.planned_amount == Decimal(1000)


@pytest.mark.parametrize("username", PERSONAS)
def test_remove_page_status_by_persona(client_for, engagement, make_line, username):
    line = make_line(engagement)
    assert client_for(username).get(_url(engagement, line, "ta-bort")).status_code == CHANGE[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_only_those_who_may_change_the_engagement_can_remove_a_line(client_for, engagement, make_line, username):
    line = make_line(engagement)
    response = client_for(username).post(_url(engagement, line, "ta-bort"), {"reason": "Fel"})
    gone = not BudgetLine.objects.filter(pk=line.pk).exists()
    if CHANGE[username] == 200:
        assert response.status_code == 302
        assert gone
    else:
        assert response.status_code == CHANGE[username]
        assert not gone


@pytest.mark.parametrize("username", PERSONAS)
def test_secret_engagements_lines_cannot_be_edited_by_those_who_cannot_see_it(
    client_for, secret_engagement, make_line, username
):
    line = make_line(secret_engagement)
    response = client_for(username).get(_url(secret_engagement, line, "redigera"))
    assert response.status_code == CHANGE_SECRET[username]


@pytest.mark.parametrize("username", ["sara", "hans", "fredrik"])
def test_changers_see_the_add_form_and_edit_links(client_for, engagement, make_line, username):
    make_line(engagement)
    page = client_for(username).get(_url(engagement)).content.decode()
    assert "Lägg till raden" in page and "/redigera/" in page


@pytest.mark.parametrize("username", ["karin", "per", "lisa"])
def test_readers_see_no_forms(client_for, engagement, make_line, username):
    make_line(engagement)
    page = client_for(username).get(_url(engagement)).content.decode()
    assert "Lägg till raden" not in page and "/redigera/" not in page
