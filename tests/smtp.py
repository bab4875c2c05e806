"""A real SMTP server for tests of the outbox (aiosmtpd on a free loopback port), and the worker's one pass."""
import socket

from django.core.management import call_command


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """An SMTP server that keeps what it receives (messages and recipients); it knows no one called "nobody"."""

    def __init__(self):
        self.messages, self.recipients = [], []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return "550 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        self.recipients += envelope.rcpt_tos
        return "250 OK"


def send_through_smtp(settings, port):
    """Mails go to the outbox, and from there by SMTP to 127.0.0.1:`port` (no TLS, a short time-out)."""
    settings.EMAIL_BACKEND = "regie.mail.outbox.OutboxEmailBackend"
    settings.MAIL_TRANSPORT_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 2


def run_worker():
    """One pass of the worker, at once."""
    call_command("run_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
