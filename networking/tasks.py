"""Background work of the networking app, enqueued after the transaction commits (as vouchers/tasks.py: the same
rules hold: ids and short words as arguments, the first the id of the object it is about, safe to run again).
Queued tasks name their function by path (`networking.tasks.<name>`): keep it."""
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_tasks.base import Task

from networking import notifications
from networking.models import ACTIVE, Registration, RegistrationStatus
from regie.ops.background import background_task

# The status a registration must still have for a mail of that kind to make sense when the task runs (a mail
# queued before a cancellation is not sent after it).
STILL = {"registered": RegistrationStatus.REGISTERED, "moved_up": RegistrationStatus.REGISTERED,
         "reminder": RegistrationStatus.REGISTERED, "waiting": RegistrationStatus.WAITING,
         "cancelled": RegistrationStatus.CANCELLED}


def after_commit(task_function: Task[..., Any], *args: Any) -> None:
    """Enqueue the task once the surrounding transaction has committed; a failure there is logged,
    never undoes the committed change."""
    transaction.on_commit(lambda: task_function.enqueue(*args), robust=True)


@background_task(title=_("Mail to a registrant of a networking moment"), about="networking.Registration")
def mail_registration(registration_id: int, kind: str, again: bool = False) -> None:
    """`again`: the person registered once more with the same address (the mail says nothing changed)."""
    registration = Registration.objects.select_related("meeting").filter(
        pk=registration_id, anonymised_at__isnull=True).first()
    if registration is None or registration.status != STILL[kind]:
        return  # purged, or its status changed meanwhile: a later mail says what holds now
    notifications.mail_registration(registration, kind, again=again)


@background_task(title=_("Mail to a registrant: the networking moment's time or place changed"),
                 about="networking.Registration")
def mail_meeting_changed(registration_id: int, changes: dict[str, list[str]]) -> None:
    """`changes`: {field: [old, new]} as the audit writes them (ISO times)."""
    registration = Registration.objects.select_related("meeting").filter(
        pk=registration_id, anonymised_at__isnull=True, status__in=ACTIVE).first()
    if registration is None:
        return  # purged or cancelled meanwhile
    notifications.mail_changed(registration, changes)
