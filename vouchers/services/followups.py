"""Follow-up: some months after a cheque was used up, or expired after some use, the business (about each
firm it used it at) and each firm (about the business) are asked once whether they still work together;
one reminder two weeks later, nothing after an answer. A second answer replaces the first (audited)."""
import datetime
from collections.abc import Iterator

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.audit import record
from regie.dates import add_months
from vouchers import tasks
from vouchers.models import Answer, FollowUp, Redemption, RedemptionStatus, Respondent, Voucher, VoucherStatus

REMINDER_AFTER = datetime.timedelta(days=14)
USED = (RedemptionStatus.APPROVED, RedemptionStatus.PAID)


def ended_on(voucher: Voucher, last_use: datetime.datetime) -> datetime.date:
    """The day the cheque's use ended: used up at its last redemption, or expired at its date."""
    return voucher.valid_until if voucher.status == VoucherStatus.EXPIRED else timezone.localdate(last_use)


def _due_cheques(today: datetime.date) -> Iterator[Voucher]:
    """Cheques whose use ended the call's follow-up months ago; never of a business whose personal data were
    erased (nothing to ask, no address to ask it at)."""
    ended = Voucher.objects.filter(status__in=[VoucherStatus.USED_UP, VoucherStatus.EXPIRED],
                                   application__anonymised_at__isnull=True).exclude(application__email="").annotate(
        last_use=Max("redemptions__submitted_at", filter=Q(redemptions__status__in=USED)),
    ).filter(last_use__isnull=False).select_related("call")
    for voucher in ended.iterator():
        if add_months(ended_on(voucher, voucher.last_use), voucher.call.followup_months) <= today:
            yield voucher


def _ask(voucher: Voucher, enterprise_id: int, respondent: str) -> bool:
    try:
        with transaction.atomic():
            followup = FollowUp.objects.create(voucher=voucher, enterprise_id=enterprise_id, respondent=respondent,
                                               sent_at=timezone.now())
    except IntegrityError:  # asked before
        return False
    record(None, "followup.asked", followup, {"respondent": respondent})
    tasks.after_commit(tasks.mail_followup, followup.pk, "followup_question")
    return True


def send_followups(*, today: datetime.date) -> tuple[int, int]:
    """Ask what is due, remind once after two weeks. Idempotent; returns (asked, reminded)."""
    asked = 0
    for voucher in _due_cheques(today):
        firms = set(Redemption.objects.filter(voucher=voucher, status__in=USED).values_list("enterprise_id", flat=True))
        for enterprise_id in sorted(firms):
            for respondent in Respondent.values:
                asked += _ask(voucher, enterprise_id, respondent)
    return asked, _remind()


def _remind() -> int:
    """Remind once, two weeks after the question; not once the business's personal data were erased."""
    reminded = 0
    waiting = FollowUp.objects.filter(answer="", reminded_at__isnull=True, sent_at__lte=timezone.now() - REMINDER_AFTER,
                                      voucher__application__anonymised_at__isnull=True)
    for followup_id in waiting.values_list("pk", flat=True):
        with transaction.atomic():
            followup = FollowUp.objects.select_for_update().select_related("voucher__application").get(pk=followup_id)
            if followup.answer or followup.reminded_at or not _reachable(followup):
                continue
            followup.reminded_at = timezone.now()
            followup.save(update_fields=["reminded_at"])
            record(None, "followup.reminded", followup, {})
            tasks.after_commit(tasks.mail_followup, followup.pk, "followup_reminder")
            reminded += 1
    return reminded


def _reachable(followup: FollowUp) -> bool:
    """The business is asked at its address (never an empty one); the firm at its users' addresses."""
    application = followup.voucher.application
    return application.anonymised_at is None and (followup.respondent != Respondent.BUSINESS or bool(application.email))


@transaction.atomic
def answer_followup(*, followup: FollowUp, answer: str, reason: str | None = "", comment: str | None = "",
                    may_quote: bool = False, by: User | None = None) -> FollowUp:
    """Store the answer; a later answer replaces an earlier one (both are in the audit log)."""
    if answer not in Answer.values:
        raise ValidationError({"answer": _("Choose one of the answers.")})
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    previous = {"answer": followup.answer, "reason": followup.reason, "comment": followup.comment} \
        if followup.answer else None
    followup.answer, followup.reason = answer, (reason or "").strip()[:2000] if answer == Answer.NO else ""
    followup.comment, followup.may_quote = (comment or "").strip()[:2000], bool(may_quote) and bool(comment)
    followup.answered_at, followup.answered_by = timezone.now(), by
    followup.save()
    record(by, "followup.answered", followup, {"answer": answer, "may_quote": followup.may_quote,
                                               "replaces": previous})
    return followup
