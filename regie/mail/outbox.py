"""The outbox: Django's EMAIL_BACKEND stores every message (in the sender's transaction), the worker
sends it through MAIL_TRANSPORT_BACKEND after commit, and a failure is retried about 1 min, 5 min,
30 min, 2 h and 12 h later, then the mail counts as failed and shows in the admin with "send again".
A mail that failed because the mail server could not be reached waits for the server, not for its schedule:
as soon as one mail goes through, or the worker's check every minute reaches the server, they all go.
A mail is sent once: the row is locked while it is sent and only a waiting mail is sent.
Each mail is kept as its regie's (regie.mail.messages sets it, for every mail a regie sends); any other mail (errors
to ADMINS, also those of a request on a regie's host) is the platform's.
"""
import datetime
import logging

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from regie.audit import record
from regie.models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)
RETRY_DELAYS = [datetime.timedelta(minutes=1), datetime.timedelta(minutes=5), datetime.timedelta(minutes=30),
                datetime.timedelta(hours=2), datetime.timedelta(hours=12)]
# How a failure reads (last_error starts with the error's class) when no mail server answered at all, as
# opposed to a server that refused this one mail (its recipients, its sender, its content).
SERVER_AWAY = ("ConnectionRefusedError", "ConnectionResetError", "ConnectionAbortedError", "BrokenPipeError",
               "TimeoutError", "gaierror", "OSError", "SMTPServerDisconnected", "SMTPConnectError")


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            mail = OutgoingMail.objects.create(
                regie=getattr(message, "regie", None),
                sender=message.from_email or settings.DEFAULT_FROM_EMAIL, recipients=message.recipients(),
                subject=str(message.subject)[:300], message=message.message().as_bytes(linesep="\n"))
            _send_after_commit(mail.pk)
            count += 1
        return count


def _send_after_commit(mail_id, run_after=None):
    def enqueue():
        job = send_mail
        if run_after is not None and job.get_backend().supports_defer:
            job = job.using(run_after=run_after)
        elif run_after is not None:
            return  # a backend without deferred tasks (development): `manage.py send_mails` retries
        job.enqueue(mail_id)

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


@task()
def send_mail(mail_id):
    """The worker's task for one mail (enqueued after commit by `_send_after_commit`)."""
    return deliver(mail_id)


def deliver(mail_id):
    """Send one waiting mail through the transport; on failure plan the next attempt or give up."""
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
    if mail.status == MailStatus.SENT:
        send_waiting_mails_now()  # the server answers: the mails that could not reach it need not wait
    return mail.status


def _failed(mail, error):
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
    mail = OutgoingMail.objects.select_for_update().get(pk=mail.pk)
    if mail.status == MailStatus.SENT:
        return mail
    mail.status, mail.attempts, mail.next_attempt_at = MailStatus.QUEUED, 0, None
    mail.save(update_fields=["status", "attempts", "next_attempt_at"])
    record(by, "mail.send_again", mail, {"subject": mail.subject})
    _send_after_commit(mail.pk)
    return mail


def send_due_mails():
    """Send every waiting mail whose time has come (a safety net for lost tasks; development's retries),
    and those that wait for the mail server if it answers again."""
    send_waiting_mails_if_the_server_is_back()
    due = OutgoingMail.objects.filter(status=MailStatus.QUEUED).exclude(next_attempt_at__gt=timezone.now())
    return [deliver(pk) for pk in due.values_list("pk", flat=True)].count(MailStatus.SENT)


def _waiting_for_the_server():
    away = Q()
    for name in SERVER_AWAY:
        away |= Q(last_error__startswith=f"{name}:")
    return OutgoingMail.objects.filter(away, status=MailStatus.QUEUED, next_attempt_at__gt=timezone.now())


def send_waiting_mails_now():
    """The mail server answers again: every mail that could not reach it is due now (one UPDATE) and queued."""
    with transaction.atomic():
        waiting = list(_waiting_for_the_server().select_for_update(skip_locked=True).values_list("pk", flat=True))
        if not waiting:
            return 0
        _waiting_for_the_server().filter(pk__in=waiting).update(next_attempt_at=timezone.now())
        for mail_id in waiting:
            _send_after_commit(mail_id)
    logger.info("The mail server answers again: %s waiting mail(s) sent now", len(waiting))
    return len(waiting)


def send_waiting_mails_if_the_server_is_back():
    """While mails wait for the mail server, see whether it answers (a connection, no mail); if so, send them."""
    if not _waiting_for_the_server().exists():
        return 0
    connection = get_connection(settings.MAIL_TRANSPORT_BACKEND, fail_silently=False)
    try:
        connection.open()
    except Exception:  # still away: the mails keep waiting
        return 0
    finally:
        connection.close()
    return send_waiting_mails_now()
