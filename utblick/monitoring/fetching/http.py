"""Fetching a source's address without letting the address, or the server behind it, hurt us.

What a hostile or broken server could do, and what stops it here:
- point at our own network (loopback, private, link-local addresses), directly, through DNS or through a
  redirect: every hop's host is resolved here and every address checked; the connection then goes to the
  checked address (with the original Host header and, for https, SNI and certificate checks against the
  original name), so a second DNS answer cannot differ from the one checked;
- never answer, or trickle bytes: a wall-clock deadline for the whole fetch, enforced by a watchdog that
  shuts the socket down (socket timeouts alone reset with every byte);
- send an endless or huge body: read in chunks and stop at settings.MONITORING_MAX_BYTES (also after
  decompression, for a server that compresses although we asked it not to);
- redirect forever: at most MAX_REDIRECTS hops.
Every refusal is a FetchError with a whole Swedish sentence that says what to do.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

import urllib3
from django.conf import settings
from django.utils.translation import gettext as _
from urllib3.connection import HTTPConnection, HTTPSConnection

MAX_REDIRECTS = 5
CHUNK = 64 * 1024
USER_AGENT = "Utblick/1.0 (omvärldsbevakning; +kommunens adress)"
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
URL_SAFE = "/%:@!$&'()*+,;=-._~?"


class FetchError(Exception):
    """A source could not be fetched or read; `message` is a Swedish sentence for the coordinator."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Response:
    """What a fetch brought back; `headers` has lower-case names, `url` is the address after redirects."""

    status: int
    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    not_modified: bool = False


def _allowed_private() -> set[str]:
    return {entry.strip().lower() for entry in settings.MONITORING_ALLOWED_PRIVATE_HOSTS if entry.strip()}


def _is_forbidden(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 and 64:ff9b::/96-style embeddings reach IPv4 hosts: judge the IPv4 address.
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None and _is_forbidden(embedded):
            return True
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


@dataclass
class Target:
    """One checked hop: where to connect (a checked IP) and what to tell the server (the original name)."""

    scheme: str
    host: str
    port: int
    ips: list[str]  # every resolved address, each checked; tried in order until one connects
    path: str
    host_header: str


def check_url(url: str) -> Target:
    """Refuse what may not be fetched; resolve the host and pick an address that may be connected to."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchError(
            _("Adressen %(url)s går inte att tolka. Kontrollera att den är rätt skriven.") % {"url": url}
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(
            _("Adressen %(url)s använder inte http eller https. Ange en adress som börjar med https://.") % {"url": url}
        )
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise FetchError(
            _("Adressen %(url)s saknar värdnamn. Ange en hel adress, t.ex. https://exempel.se/flode.") % {"url": url}
        )
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")  # räksmörgås.se -> xn--rksmrgs-5wao1o.se
        except UnicodeError:
            raise FetchError(
                _("Värdnamnet i adressen %(url)s går inte att tolka. Kontrollera att det är rätt skrivet.")
                % {"url": url}
            ) from None
    if parts.username or parts.password:
        raise FetchError(_("Adressen %(url)s innehåller inloggningsuppgifter. Ta bort dem ur adressen.") % {"url": url})
    port = port or (443 if scheme == "https" else 80)
    host_port = f"{host}:{port}"
    allowed = host_port in _allowed_private()
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise FetchError(
            _("Värden %(host)s finns inte (namnet gick inte att slå upp). Kontrollera adressen.") % {"host": host}
        ) from None
    addresses = []
    for info in infos:
        ip = info[4][0].split("%", 1)[0]  # drop an IPv6 zone id
        address = ipaddress.ip_address(ip)
        if not allowed and _is_forbidden(address):
            raise FetchError(
                _(
                    "Adressen %(url)s leder till ett internt nätverk (%(ip)s), och sådana hämtar Utblick inte av "
                    "säkerhetsskäl. Ange en offentlig adress, eller be driften lägga till %(host_port)s i "
                    "MONITORING_ALLOWED_PRIVATE_HOSTS om källan verkligen finns där."
                )
                % {"url": url, "ip": ip, "host_port": host_port}
            )
        addresses.append(ip)
    if not addresses:
        raise FetchError(
            _("Värden %(host)s finns inte (namnet gick inte att slå upp). Kontrollera adressen.") % {"host": host}
        )
    # Non-ASCII in the path or query is percent-encoded (UTF-8); what is already encoded stays as it is.
    path = quote(parts.path or "/", safe=URL_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=URL_SAFE)
    default_port = 443 if scheme == "https" else 80
    host_header = host if port == default_port else host_port
    if ":" in host and port == default_port:
        host_header = f"[{host}]"
    elif ":" in host:
        host_header = f"[{host}]:{port}"
    return Target(scheme, host, port, addresses, path, host_header)


def _timeout_error(url: str) -> FetchError:
    return FetchError(
        _(
            "Servern för %(url)s svarade inte i tid (gränsen är %(seconds)s sekunder). Försök igen senare; "
            "händer det ofta, kontakta den som publicerar källan."
        )
        % {"url": url, "seconds": f"{settings.MONITORING_TOTAL_TIMEOUT:g}"}
    )


def _too_large_error(url: str) -> FetchError:
    return FetchError(
        _(
            "Svaret från %(url)s är större än gränsen på %(megabytes)s MB och lästes inte färdigt. Kontrollera "
            "att adressen går till ett flöde, inte till en stor fil."
        )
        % {"url": url, "megabytes": f"{settings.MONITORING_MAX_BYTES / (1024 * 1024):.3g}"}
    )


class _Watchdog:
    """Shuts the connection's socket down at the deadline, so no read can outlive the fetch's total time."""

    def __init__(self, connection, seconds: float):
        self.fired = False
        self._connection = connection
        self._timer = threading.Timer(max(seconds, 0.001), self._fire)
        self._timer.daemon = True

    def _fire(self):
        self.fired = True
        sock = getattr(self._connection, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()
        return False


def _decompress(body: bytes, encoding: str, url: str, cap: int) -> bytes:
    """Undo gzip/deflate a server applied anyway, never beyond the size cap (a zip bomb stops at it)."""
    wbits = {"gzip": 47, "x-gzip": 47, "deflate": 15}.get(encoding)
    if wbits is None:
        raise FetchError(
            _("Servern för %(url)s skickade svaret packat på ett sätt (%(encoding)s) som Utblick inte kan läsa.")
            % {"url": url, "encoding": encoding}
        )
    try:
        decompressor = zlib.decompressobj(wbits)
        data = decompressor.decompress(body, cap + 1)
        if encoding == "deflate" and not data and body:
            raise zlib.error("raw")
    except zlib.error:
        try:
            decompressor = zlib.decompressobj(-15)  # raw deflate, as some servers send it
            data = decompressor.decompress(body, cap + 1)
        except zlib.error:
            raise FetchError(
                _("Svaret från %(url)s gick inte att packa upp. Försök igen senare.") % {"url": url}
            ) from None
    if len(data) > cap or decompressor.unconsumed_tail:
        raise _too_large_error(url)
    return data


def _connection_error(target: Target) -> FetchError:
    return FetchError(
        _("Det gick inte att ansluta till %(host)s. Kontrollera adressen, eller försök igen senare.")
        % {"host": target.host}
    )


def _certificate_error(target: Target) -> FetchError:
    return FetchError(
        _(
            "Den säkra anslutningen till %(host)s gick inte att kontrollera (certifikatet stämmer inte). "
            "Kontrollera adressen, eller kontakta den som publicerar källan."
        )
        % {"host": target.host}
    )


def _is_timeout(error: BaseException) -> bool:
    # urllib3's NewConnectionError (refused, unreachable) is a ConnectTimeoutError by inheritance only.
    return isinstance(error, (TimeoutError, urllib3.exceptions.TimeoutError)) and not isinstance(
        error, urllib3.exceptions.NewConnectionError
    )


def _connect(target: Target, url: str, deadline: float):
    """Connect to the first of the checked addresses that answers (never to a name: see check_url)."""
    last_error: BaseException | None = None
    for ip in target.ips:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _timeout_error(url)
        timeout = min(settings.MONITORING_CONNECT_TIMEOUT, remaining)
        if target.scheme == "https":
            connection = HTTPSConnection(
                ip,
                target.port,
                timeout=timeout,
                server_hostname=target.host,
                assert_hostname=target.host,
                cert_reqs="CERT_REQUIRED",
            )
        else:
            connection = HTTPConnection(ip, target.port, timeout=timeout)
        try:
            connection.connect()
            return connection
        except (ssl.SSLError, urllib3.exceptions.SSLError, ssl.CertificateError):
            connection.close()
            raise _certificate_error(target) from None
        except (OSError, urllib3.exceptions.HTTPError) as error:
            connection.close()
            last_error = error
    if last_error is not None and _is_timeout(last_error):
        raise _timeout_error(url)
    raise _connection_error(target)


def _request_once(target: Target, url: str, headers: dict[str, str], deadline: float):
    """One request to one checked address; returns (status, headers, body) with the body capped."""
    cap = settings.MONITORING_MAX_BYTES
    connection = _connect(target, url, deadline)
    watchdog = _Watchdog(connection, deadline - time.monotonic())
    try:
        with watchdog:
            connection.sock.settimeout(max(deadline - time.monotonic(), 0.001))  # the rest: the whole fetch's
            connection.request("GET", target.path, headers=headers, preload_content=False, decode_content=False)
            response = connection.getresponse()
            response_headers = {name.lower(): value for name, value in response.headers.items()}
            status = response.status
            if status in REDIRECT_STATUSES or status == 304 or status >= 400:
                return status, response_headers, b""
            length = response_headers.get("content-length", "")
            if length.isdigit() and int(length) > cap:
                raise _too_large_error(url)
            body = bytearray()
            while True:
                if time.monotonic() >= deadline:
                    raise _timeout_error(url)
                chunk = response.read1(CHUNK, decode_content=False)
                if not chunk:
                    break
                body += chunk
                if len(body) > cap:
                    raise _too_large_error(url)
            if watchdog.fired:
                raise _timeout_error(url)
    except FetchError:
        raise
    except Exception as error:
        if watchdog.fired or time.monotonic() >= deadline:
            raise _timeout_error(url) from None
        if _is_timeout(error):
            raise _timeout_error(url) from None
        raise _connection_error(target) from None
    finally:
        connection.close()
    encoding = response_headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        body = _decompress(bytes(body), encoding, url, cap)
    return status, response_headers, bytes(body)


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Response:
    """GET `url` safely (see the module docstring); conditional when etag/last_modified are given."""
    deadline = time.monotonic() + settings.MONITORING_TOTAL_TIMEOUT
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        target = check_url(current)  # every hop is checked again, before anything is sent
        headers = {
            "Host": target.host_header,
            "User-Agent": USER_AGENT,
            "Accept": (
                "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
                "text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.5"
            ),
            "Accept-Encoding": "identity",
            "Connection": "close",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        status, response_headers, body = _request_once(target, current, headers, deadline)
        if status in REDIRECT_STATUSES:
            location = response_headers.get("location", "").strip()
            if not location:
                raise FetchError(
                    _("Servern för %(url)s hänvisade vidare utan att ange vart. Kontrollera adressen.")
                    % {"url": current}
                )
            current = urljoin(current, location)
            continue
        if status == 304:
            return Response(status, current, b"", response_headers, not_modified=True)
        if status >= 400:
            raise FetchError(status_message(status, current))
        if not 200 <= status < 300:
            raise FetchError(
                _("Servern för %(url)s gav ett oväntat svar (kod %(status)s). Försök igen senare.")
                % {"url": current, "status": status}
            )
        return Response(status, current, body, response_headers)
    raise FetchError(
        _(
            "Adressen %(url)s hänvisade vidare fler än %(count)s gånger (kanske i en slinga). Ange adressen som "
            "flödet till slut finns på."
        )
        % {"url": url, "count": MAX_REDIRECTS}
    )


def status_message(status: int, url: str) -> str:
    if status in (404, 410):
        return _("Adressen %(url)s finns inte längre (kod %(status)s). Leta upp källans nya adress och ändra den.") % {
            "url": url,
            "status": status,
        }
    if status in (401, 403):
        return _(
            "Servern för %(url)s nekade åtkomst (kod %(status)s). Kontrollera att källan är öppen för alla, "
            "eller kontakta den som publicerar den."
        ) % {"url": url, "status": status}
    if status == 429:
        return _("Servern för %(url)s ber oss vänta (kod 429, för många förfrågningar). Öka källans intervall.") % {
            "url": url
        }
    if status >= 500:
        return _("Servern för %(url)s har ett fel just nu (kod %(status)s). Försök igen senare.") % {
            "url": url,
            "status": status,
        }
    return _("Servern för %(url)s svarade med felkod %(status)s. Kontrollera adressen.") % {
        "url": url,
        "status": status,
    }
