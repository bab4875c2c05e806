"""The outbox: Django's EMAIL_BACKEND stores every message (in the sender's transaction), the worker
sends it through MAIL_TRANSPORT_BACKEND after commit, and a failure is retried about 1 min, 5 min,
30 min, 2 h and 12 h later, then the mail counts as failed and shows in the admin with "send again".
A mail is sent once: the row is locked while it is sent and only a waiting mail is sent.
"""
import datetime
import logging

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from regie.audit import record

logger = logging.getLogger(__name__)
RETRY_DELAYS = [datetime.timedelta(minutes=1), datetime.timedelta(minutes=5), datetime.timedelta(minutes=30),
                datetime.timedelta(hours=2), datetime.timedelta(hours=12)]


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        from regie.models import OutgoingMail

        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            mail = OutgoingMail.objects.create(
                sender=message.from_email or settings.DEFAULT_FROM_EMAIL, recipients=message.recipients(),
                subject=str(message.subject)[:300], message=message.message().as_bytes(linesep="\n"))
            _send_after_commit(mail.pk)
            count += 1
        return count


def _send_after_commit(mail_id, run_after=None):
    from regie import tasks

    def enqueue():
        task = tasks.send_mail
        if run_after is not None and task.get_backend().supports_defer:
            task = task.using(run_after=run_after)
        elif run_after is not None:
            return  # a backend without deferred tasks (development): `manage.py send_mails` retries
        task.enqueue(mail_id)

    transaction.on_commit(enqueue, robust=True)


class _StoredMIME:
    """The stored message, shaped as Django's mail backends expect message.message() to be."""

    def __init__(self, raw):
        self.raw = raw

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return self.raw.replace(b"\r\n", b"\n").replace(b"\n", linesep.encode())

    def get_charset(self):
        return None


class _StoredMessage:
    encoding = "utf-8"

    def __init__(self, mail):
        self.from_email, self._recipients, self._raw = mail.sender, list(mail.recipients), bytes(mail.message)

    def recipients(self):
        return self._recipients

    def message(self):
        return _StoredMIME(self._raw)


def deliver(mail_id):
    """Send one waiting mail through the transport; on failure plan the next attempt or give up."""
    from regie.models import MailStatus, OutgoingMail

    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update(skip_locked=True).filter(
            pk=mail_id, status=MailStatus.QUEUED).first()
        if mail is None or (mail.next_attempt_at and mail.next_attempt_at > timezone.now()):
            return None
        try:
            get_connection(settings.MAIL_TRANSPORT_BACKEND, fail_silently=False).send_messages([_StoredMessage(mail)])
        except Exception as error:  # the mail server is away, refuses, times out...
            _failed(mail, error)
        else:
            mail.status, mail.sent_at, mail.next_attempt_at = MailStatus.SENT, timezone.now(), None
        mail.save()
        return mail.status


def _failed(mail, error):
    from regie.models import MailStatus

    mail.attempts += 1
    mail.last_error = f"{type(error).__name__}: {error}"[:1000]
    if mail.attempts > len(RETRY_DELAYS):
        mail.status, mail.next_attempt_at = MailStatus.FAILED, None
        logger.error("Mail %s to %s failed for good: %s", mail.pk, ", ".join(mail.recipients), mail.last_error)
        return
    mail.next_attempt_at = timezone.now() + RETRY_DELAYS[mail.attempts - 1]
    logger.warning("Mail %s not sent (attempt %s), retrying at %s: %s", mail.pk, mail.attempts,
                   mail.next_attempt_at.isoformat(), mail.last_error)
    _send_after_commit(mail.pk, run_after=mail.next_attempt_at)


@transaction.atomic
def send_again(*, mail, by):
    """A coordinator sends a failed (or stuck) mail again, with a fresh round of retries."""
    from regie.models import MailStatus, OutgoingMail

    mail = OutgoingMail.objects.select_for_update().get(pk=mail.pk)
    if mail.status == MailStatus.SENT:
        return mail
    mail.status, mail.attempts, mail.next_attempt_at = MailStatus.QUEUED, 0, None
    mail.save(update_fields=["status", "attempts", "next_attempt_at"])
    record(by, "mail.send_again", mail, {"subject": mail.subject})
    _send_after_commit(mail.pk)
    return mail


def send_due_mails():
    """Send every waiting mail whose time has come (a safety net for lost tasks; development's retries)."""
    from regie.models import MailStatus, OutgoingMail

    due = OutgoingMail.objects.filter(status=MailStatus.QUEUED).exclude(next_attempt_at__gt=timezone.now())
    return [deliver(pk) for pk in due.values_list("pk", flat=True)].count(MailStatus.SENT)
