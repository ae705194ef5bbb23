"""Wrong input gets a Swedish sentence next to the field and saves nothing; other engagements' lines are 404."""

import pytest

from utblick.finance.models import BudgetLine
from utblick.finance.tests.conftest import line_data


def _post(client, engagement, **changes):
    return client.post(f"/engagemang/{engagement.pk}/ekonomi/", line_data(**changes))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"planned_amount": ""}, "Ange det planerade beloppet"),
        ({"planned_amount": "-100"}, "kan inte vara negativt"),
        ({"actual_amount": "-1"}, "kan inte vara negativt"),
        ({"planned_amount": "99999999999999999"}, "Beloppet är för stort"),
        ({"planned_amount": "12,345"}, "högst två decimaler"),
        ({"planned_amount": "tolv tusen"}, "Skriv beloppet med siffror"),
        ({"actual_amount": "1e5x"}, "Skriv beloppet med siffror"),
        ({"planned_amount": "NaN"}, "Skriv beloppet med siffror"),
        ({"currency": "XYZ", "exchange_rate": "2"}, "ISO 4217"),
        ({"currency": "kronor"}, "ISO 4217"),
        ({"currency": "EUR", "exchange_rate": "0"}, "Kursen måste vara större än 0"),
        ({"currency": "EUR", "exchange_rate": ""}, "Ange kursen som användes"),
        ({"currency": "EUR", "exchange_rate": "elva"}, "Skriv kursen med siffror"),
        ({"currency": "SEK", "exchange_rate": "11"}, "För belopp i SEK är kursen alltid 1"),
        ({"year": "1800"}, "mellan 1990 och 2100"),
        ({"year": ""}, "mellan 1990 och 2100"),
        ({"year": "tjugo"}, "mellan 1990 och 2100"),
        ({"direction": ""}, "kostnad eller en intäkt"),
        ({"direction": "gåva"}, "kostnad eller en intäkt"),
        ({"cost_category": ""}, "Välj vilket slags kostnad"),
        ({"direction": "income", "funding_source": ""}, "Välj varifrån intäkten kommer"),
        ({"direction": "income", "funding_source": "999999"}, "Finansieringskällan finns inte längre"),
        ({"description": "x" * 5000}, "högst 300 tecken"),
        ({"ansvar": "1" * 21}, "högst 20 tecken"),
    ],
)
def test_bad_input_is_refused_with_a_swedish_sentence(client_for, engagement, changes, message):
    response = _post(client_for("hans"), engagement, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()
    assert not BudgetLine.objects.exists()


def test_swedish_decimal_comma_and_spaces_are_accepted(client_for, engagement):
    response = _post(client_for("hans"), engagement, planned_amount="12\xa0500,50", actual_amount=" 1 000 ")
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (str(line.planned_amount), str(line.actual_amount)) == ("12500.50", "1000.00")


def test_script_in_the_description_is_shown_as_text(client_for, engagement):
    _post(client_for("hans"), engagement, description="<script>alert('x')</script>")
    page = client_for("lisa").get(f"/engagemang/{engagement.pk}/ekonomi/").content.decode()
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;" in page


def test_another_engagements_line_id_in_the_url_is_404(client_for, engagement, make_engagement, make_line):
    other = make_engagement(title="Annat engagemang")
    line = make_line(other)
    client = client_for("hans")  # Hans may change both engagements, but the line is not this one's
    assert client.get(f"/engagemang/{engagement.pk}/ekonomi/{line.pk}/redigera/").status_code == 404
    assert client.post(f"/engagemang/{engagement.pk}/ekonomi/{line.pk}/ta-bort/").status_code == 404
    assert BudgetLine.objects.filter(pk=line.pk).exists()


def test_unknown_ids_are_404(client_for, engagement):
    client = client_for("sara")
    assert client.get("/engagemang/999999/ekonomi/").status_code == 404
    assert client.get(f"/engagemang/{engagement.pk}/ekonomi/999999/redigera/").status_code == 404


def test_a_failed_edit_keeps_the_line_as_it_was(client_for, engagement, make_line):
    line = make_line(engagement)
    response = client_for("hans").post(
        f"/engagemang/{engagement.pk}/ekonomi/{line.pk}/redigera/", line_data(planned_amount="-5")
    )
    assert response.status_code == 200
    assert "kan inte vara negativt" in response.content.decode()
    line.refresh_from_db()
    assert line.planned_amount == 1000
