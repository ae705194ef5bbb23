"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1, on a free port, collecting what it receives.

The `smtp_server` fixture points Django's SMTP backend at it for one test, so an email travels the same way
as in production (a connection, the SMTP dialogue, the MIME encoding) and the test reads what arrived:

    def test_it_mails_the_coordinator(smtp_server, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            ...
        [mail] = smtp_server.messages
        assert mail.recipients == ["sara@kommun.example"]
        assert mail.subject == "Ny intresseanmälan från …"

Mails sent in `transaction.on_commit` only leave inside django_capture_on_commit_callbacks(execute=True)
(the test's transaction is never committed), or in tests with a live server.
"""

import email
import email.policy
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


@dataclass(frozen=True)
class ReceivedMail:
    """One message as the server received it: the envelope and the parsed message."""

    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        """The plain-text body, decoded."""
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""


@dataclass
class MailCollector:
    """The aiosmtpd handler: keeps every delivered message, in order."""

    messages: list[ReceivedMail] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[ReceivedMail]:
        """The messages delivered to `address`."""
        return [mail for mail in self.messages if address in mail.recipients]


class _FreePortController(Controller):
    """aiosmtpd's Controller, listening on a port the system picks (port 0), so parallel test runs never clash."""

    def _trigger_server(self):
        # The server is bound by now: learn its real port before the readiness check connects to it.
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def smtp_server(settings):
    """An SMTP server on 127.0.0.1 for this test; Django sends its mail there. Yields the MailCollector."""
    collector = MailCollector()
    controller = _FreePortController(collector, hostname=HOST, port=0)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = HOST
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    try:
        yield collector
    finally:
        controller.stop()
