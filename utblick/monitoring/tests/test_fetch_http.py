"""Fetching safely: the address guard, redirects, size cap, timeouts and conditional GET, against a real server
on 127.0.0.1. Refusals are checked with check_url (no connection at all) wherever the address is not loopback."""

import time

import pytest

from utblick.monitoring.fetching.http import FetchError, check_url, fetch
from utblick.monitoring.tests import fetchserver
from utblick.monitoring.tests.fetchserver import feed

# The server fixtures (fetchserver.py), shared by the fetch test modules.
feed_server = fetchserver.feed_server
other_server = fetchserver.other_server


def test_localhost_and_127_0_0_1_are_refused_before_any_request_while_the_allow_list_is_empty(feed_server, settings):
    feed_server.serve("/feed", feed("wordpress.rss"))
    settings.MONITORING_ALLOWED_PRIVATE_HOSTS = []
    port = feed_server.server_address[1]
    for url in (f"http://127.0.0.1:{port}/feed", f"http://localhost:{port}/feed", f"http://127.0.0.2:{port}/feed"):
        with pytest.raises(FetchError) as error:
            fetch(url)
        assert "internt nätverk" in error.value.message
        assert "MONITORING_ALLOWED_PRIVATE_HOSTS" in error.value.message
    assert feed_server.requests == []


def test_only_the_listed_host_and_port_is_allowed(feed_server, settings):
    feed_server.serve("/feed", feed("wordpress.rss"))
    port = feed_server.server_address[1]
    # Listed as 127.0.0.1:port: the same port under the name localhost is another entry, and refused.
    with pytest.raises(FetchError):
        fetch(f"http://localhost:{port}/feed")
    assert fetch(feed_server.url("/feed")).status == 200
    assert feed_server.paths_requested() == ["/feed"]


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/feed",
        "http://192.168.1.10/feed",
        "http://172.16.0.1/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://0.0.0.0/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://100.64.0.1/",
    ],
)
def test_private_link_local_multicast_and_reserved_addresses_are_refused(url):
    with pytest.raises(FetchError) as error:
        check_url(url)  # resolves a literal, connects nowhere
    assert "internt nätverk" in error.value.message


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/feed", "file:///etc/passwd", "javascript:alert(1)", "gopher://x/"])
def test_only_http_and_https_are_fetched(url):
    with pytest.raises(FetchError) as error:
        fetch(url)
    assert "http eller https" in error.value.message


def test_a_url_with_credentials_or_without_host_is_refused():
    with pytest.raises(FetchError, match="inloggningsuppgifter"):
        check_url("http://user:secret@127.0.0.1/feed")
    with pytest.raises(FetchError, match="saknar värdnamn"):
        check_url("http:///feed")


def test_the_request_carries_the_original_host_and_our_user_agent(feed_server):
    feed_server.serve("/feed", feed("wordpress.rss"))
    fetch(feed_server.url("/feed"))
    _path, headers = feed_server.requests[0]
    assert headers["Host"] == feed_server.host_port
    assert headers["User-Agent"].startswith("Utblick/1.0 (omvärldsbevakning")
    assert headers["Accept-Encoding"] == "identity"


def test_redirects_are_followed_and_the_final_address_is_reported(feed_server):
    feed_server.serve("/feed", feed("wordpress.rss"))
    feed_server.redirect("/old", "/older", status=301)
    feed_server.redirect("/older", feed_server.url("/feed"), status=307)
    response = fetch(feed_server.url("/old"))
    assert response.status == 200
    assert response.url == feed_server.url("/feed")
    assert response.body == feed("wordpress.rss")


def test_a_redirect_loop_stops_after_five_redirects_with_a_clear_error(feed_server):
    feed_server.redirect("/loop", "/loop")
    with pytest.raises(FetchError) as error:
        fetch(feed_server.url("/loop"))
    assert "fler än 5 gånger" in error.value.message
    assert feed_server.paths_requested() == ["/loop"] * 6


def test_a_redirect_to_a_loopback_port_not_on_the_allow_list_is_refused_before_it_is_followed(
    feed_server, other_server
):
    other_server.serve("/secret", b"internal admin page", content_type="text/plain")
    feed_server.redirect("/feed", other_server.url("/secret"))
    with pytest.raises(FetchError) as error:
        fetch(feed_server.url("/feed"))
    assert "internt nätverk" in error.value.message
    assert other_server.requests == []


def test_an_endless_body_is_cut_at_the_size_cap_quickly(feed_server, settings):
    settings.MONITORING_MAX_BYTES = 1024 * 1024
    feed_server.endless("/endless")
    started = time.monotonic()
    with pytest.raises(FetchError) as error:
        fetch(feed_server.url("/endless"))
    assert "större än gränsen" in error.value.message
    assert time.monotonic() - started < 5


def test_a_declared_length_over_the_cap_is_refused_without_reading_the_body(feed_server, settings):
    settings.MONITORING_MAX_BYTES = 1000
    feed_server.serve("/big", b"x" * 5000)
    with pytest.raises(FetchError, match="större än gränsen"):
        fetch(feed_server.url("/big"))


def test_a_compressed_bomb_is_cut_at_the_size_cap_after_decompression(feed_server, settings):
    settings.MONITORING_MAX_BYTES = 1024 * 1024
    feed_server.gzip_bomb("/bomb")
    with pytest.raises(FetchError, match="större än gränsen"):
        fetch(feed_server.url("/bomb"))


def test_a_gzipped_answer_within_the_cap_is_read(feed_server):
    import gzip

    feed_server.serve("/gz", gzip.compress(feed("eu.atom")), headers={"Content-Encoding": "gzip"})
    assert fetch(feed_server.url("/gz")).body == feed("eu.atom")


def test_a_server_that_never_answers_is_cut_at_the_total_timeout(feed_server, settings):
    settings.MONITORING_TOTAL_TIMEOUT = 1.0
    feed_server.hang("/hang")
    started = time.monotonic()
    with pytest.raises(FetchError) as error:
        fetch(feed_server.url("/hang"))
    assert "svarade inte i tid" in error.value.message
    assert time.monotonic() - started < 3


def test_a_server_that_trickles_bytes_is_cut_at_the_total_timeout(feed_server, settings):
    settings.MONITORING_TOTAL_TIMEOUT = 1.0
    feed_server.trickle("/trickle")
    started = time.monotonic()
    with pytest.raises(FetchError, match="svarade inte i tid"):
        fetch(feed_server.url("/trickle"))
    assert time.monotonic() - started < 3


def test_a_closed_port_gives_a_connection_error(settings):
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MONITORING_ALLOWED_PRIVATE_HOSTS = [f"127.0.0.1:{port}"]
    with pytest.raises(FetchError, match="Det gick inte att ansluta"):
        fetch(f"http://127.0.0.1:{port}/feed")


@pytest.mark.parametrize(
    ("status", "words"),
    [(404, "finns inte längre"), (410, "finns inte längre"), (403, "nekade åtkomst"), (503, "har ett fel just nu")],
)
def test_error_statuses_become_swedish_sentences(feed_server, status, words):
    feed_server.serve("/feed", b"nope", content_type="text/plain", status=status)
    with pytest.raises(FetchError) as error:
        fetch(feed_server.url("/feed"))
    assert words in error.value.message
    assert str(status) in error.value.message


def test_conditional_get_sends_the_validators_and_reports_not_modified(feed_server):
    feed_server.serve_conditional("/feed", feed("wordpress.rss"), etag='"v1"')
    first = fetch(feed_server.url("/feed"))
    assert first.headers["etag"] == '"v1"'
    second = fetch(feed_server.url("/feed"), etag='"v1"', last_modified=first.headers["last-modified"])
    assert second.not_modified
    assert second.body == b""
    _path, headers = feed_server.requests[1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Wed, 25 Nov 2026 09:12:44 GMT"


def test_https_checks_the_certificate_against_the_original_name_and_sends_it_as_sni(tmp_path, settings):
    import shutil
    import ssl
    import subprocess
    import threading

    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make a throwaway certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    server = fetchserver.FeedServer()
    server.serve("/feed", feed("wordpress.rss"))
    names = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    server.socket = context.wrap_socket(server.socket, server_side=True, do_handshake_on_connect=False)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        settings.MONITORING_ALLOWED_PRIVATE_HOSTS = [f"localhost:{port}"]
        with pytest.raises(FetchError) as error:
            fetch(f"https://localhost:{port}/feed")  # self-signed: no trusted authority vouches for it
        assert "certifikatet stämmer inte" in error.value.message
        assert names == ["localhost"]  # connected to the checked IP, but the TLS name is the original one
        assert server.requests == []
    finally:
        server.stop()


def test_an_endless_body_at_the_default_10_mb_cap_stays_well_under_the_memory_bar(feed_server):
    import tracemalloc

    feed_server.endless("/endless")
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="större än gränsen"):
            fetch(feed_server.url("/endless"))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The body buffer never grows past the cap plus one chunk: far below the 250 MB for a round.
    assert peak < 30 * 1024 * 1024
    assert time.monotonic() - started < 10


def fake_dns(monkeypatch, *addresses):
    """Answer every lookup with these addresses (no resolver is asked: nothing leaves the machine)."""
    import socket

    from utblick.monitoring.fetching import http

    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in addresses]

    monkeypatch.setattr(http.socket, "getaddrinfo", getaddrinfo)


def test_a_name_is_refused_when_any_of_its_addresses_is_internal(monkeypatch):
    fake_dns(monkeypatch, "93.184.215.14", "10.1.2.3")
    with pytest.raises(FetchError, match="internt nätverk \\(10.1.2.3\\)"):
        check_url("https://flode.exempel.se/rss")


def test_the_connection_goes_to_the_checked_address_with_the_name_in_the_host_header(
    feed_server, monkeypatch, settings
):
    port = feed_server.server_address[1]
    fake_dns(monkeypatch, "127.0.0.1")
    settings.MONITORING_ALLOWED_PRIVATE_HOSTS = [f"xn--rksmrgs-5wao1o.se:{port}"]
    feed_server.serve("/nyheter/åäö", feed("wordpress.rss"))
    feed_server.serve("/nyheter/%C3%A5%C3%A4%C3%B6", feed("wordpress.rss"))
    response = fetch(f"http://räksmörgås.se:{port}/nyheter/åäö?q=fjäll")
    assert response.status == 200
    path, headers = feed_server.requests[0]
    assert headers["Host"] == f"xn--rksmrgs-5wao1o.se:{port}"
    assert path == "/nyheter/%C3%A5%C3%A4%C3%B6"


def test_a_chunked_answer_is_read_whole(feed_server):
    body = feed("eu.atom")

    def chunked(handler):
        handler.protocol_version = "HTTP/1.1"
        handler.send_response(200)
        handler.send_header("Content-Type", "application/atom+xml")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.send_header("Connection", "close")
        handler.end_headers()
        for start in range(0, len(body), 500):
            part = body[start : start + 500]
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
        handler.wfile.write(b"0\r\n\r\n")

    feed_server.routes["/chunked"] = chunked
    assert fetch(feed_server.url("/chunked")).body == body
