def test_healthz_answers_ok_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_anonymous_visitor_is_sent_to_the_swedish_login_page(client, db):
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/konto/logga-in/")
    assert "Logga in i Utblick" in response.content.decode()
    assert 'lang="sv"' in response.content.decode()
