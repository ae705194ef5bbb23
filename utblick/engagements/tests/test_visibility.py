"""Secret engagements are visible only to their unit, the people responsible and the coordinators."""

import pytest

from utblick.organisation.models import Person


@pytest.fixture
def secret(make_engagement):
    return make_engagement(title="Känsligt samråd", is_secret=True, secrecy_ground="OSL 21 kap. 7 §")


@pytest.mark.parametrize(
    ("persona", "status"),
    # Per sits in Barn- och utbildningsnämnden, the committee above the education administration.
    [("sara", 200), ("hans", 200), ("fredrik", 200), ("per", 200), ("karin", 404), ("lisa", 404), ("erik", 404)],
)
def test_who_sees_a_secret_engagement_of_education(client_for, secret, persona, status):
    assert client_for(persona).get(f"/engagemang/{secret.pk}/").status_code == status
    assert client_for(persona).get(f"/engagemang/{secret.pk}/historik/").status_code == status


def test_a_responsible_person_from_another_unit_sees_the_secret_engagement(client_for, secret, lisa, units):
    assert client_for("lisa").get(f"/engagemang/{secret.pk}/").status_code == 404
    secret.responsible_politician = Person.objects.create(
        name="Lisa Läsare", kind=Person.Kind.FORTROENDEVALD, unit=units["sof"], user=lisa
    )
    secret.save()
    assert client_for("lisa").get(f"/engagemang/{secret.pk}/").status_code == 200


def test_anonymous_visitors_are_sent_to_login(client, secret):
    response = client.get(f"/engagemang/{secret.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


def test_erik_the_external_actor_sees_no_engagement_at_all(client_for, make_engagement):
    public = make_engagement()
    assert client_for("erik").get(f"/engagemang/{public.pk}/").status_code == 404
