import email
import socket
import threading
import time
from collections.abc import Callable
from email import policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """An SMTP handler that keeps what it accepts, or refuses everything while ``refuse`` is set."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = False
        self.port = 0
        self.before_accept: Callable[[], str | None] | None = None
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse:
            return "550 Mailbox unavailable"
        if self.before_accept is not None and (reply := self.before_accept()):
            return reply  # not accepted: the message is not kept, as a real server would discard it
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def wait_for(self, count: int, timeout: float = 60) -> list[EmailMessage]:
        """Return the messages once ``count`` have arrived (or what came before ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.2)
        with self._lock:
            return list(self.messages)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port, and Django's SMTP backend pointed at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()
