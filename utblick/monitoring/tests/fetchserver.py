"""A real HTTP server on 127.0.0.1 for the fetch tests, serving recorded feeds (tests/feeds/) and hostile answers.

Only the literal 127.0.0.1 is ever used, and every hostile route ends by itself (bounded sizes and waits), so a
failing guard can neither send traffic off this machine nor hang the suite.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import threading
import time
from pathlib import Path

import pytest

FEEDS = Path(__file__).parent / "feeds"


def feed(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


class Handler(http.server.BaseHTTPRequestHandler):
    server: FeedServer

    def log_message(self, *args):  # quiet test output
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        self.server.requests.append((path, dict(self.headers.items())))
        route = self.server.routes.get(path)
        if route is None:
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(b"<!DOCTYPE html><html><body>Finns inte</body></html>")
            return
        # The client may hang up mid-answer: that is what a capped or timed-out fetch does.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            route(self)


class FeedServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes = {}
        self.requests = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def host_port(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return f"http://{self.host_port}{path}"

    def paths_requested(self) -> list[str]:
        return [path for path, _headers in self.requests]

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.stopping.set()
        self.shutdown()
        self.server_close()

    # --- routes -------------------------------------------------------------------------------------------

    def serve(self, path, body: bytes, content_type="application/rss+xml; charset=utf-8", status=200, headers=None):
        def route(handler):
            handler.send_response(status)
            if content_type:
                handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[path] = route

    def serve_conditional(self, path, body: bytes, etag: str, content_type="application/rss+xml"):
        def route(handler):
            if handler.headers.get("If-None-Match") == etag:
                handler.send_response(304)
                handler.send_header("ETag", etag)
                handler.end_headers()
                return
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("ETag", etag)
            handler.send_header("Last-Modified", "Wed, 25 Nov 2026 09:12:44 GMT")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[path] = route

    def redirect(self, path, to: str, status=302):
        def route(handler):
            handler.send_response(status)
            handler.send_header("Location", to)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        self.routes[path] = route

    def endless(self, path, limit=1024**3):
        """A body that would go on for 1 GB (no Content-Length): only a cap stops the reader."""

        def route(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", "application/rss+xml")
            handler.end_headers()
            chunk = b"<item><title>" + b"a" * 65_000 + b"</title></item>"
            handler.wfile.write(b'<?xml version="1.0"?><rss version="2.0"><channel>')
            sent = 0
            while sent < limit and not self.stopping.is_set():
                handler.wfile.write(chunk)
                sent += len(chunk)

        self.routes[path] = route

    def gzip_bomb(self, path, size=64 * 1024 * 1024):
        body = gzip.compress(b"<" + b" " * size, compresslevel=9)

        def route(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", "application/rss+xml")
            handler.send_header("Content-Encoding", "gzip")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[path] = route

    def hang(self, path, seconds=30):
        """Accept the connection and never answer (until the test ends, at most `seconds`)."""

        def route(handler):
            self.stopping.wait(seconds)

        self.routes[path] = route

    def trickle(self, path, seconds=30):
        """Answer at once, then send one byte every 0.1 s: every socket read succeeds, the whole never ends."""

        def route(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", "application/rss+xml")
            handler.end_headers()
            end = time.monotonic() + seconds
            while time.monotonic() < end and not self.stopping.is_set():
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.1)

        self.routes[path] = route


@pytest.fixture
def feed_server(settings):
    """A feed server whose host:port is on the allow-list (as MONITORING_ALLOWED_PRIVATE_HOSTS would have it)."""
    server = FeedServer().start()
    settings.MONITORING_ALLOWED_PRIVATE_HOSTS = [server.host_port]
    yield server
    server.stop()


@pytest.fixture
def other_server():
    """A second server on another loopback port, never on the allow-list."""
    server = FeedServer().start()
    yield server
    server.stop()
