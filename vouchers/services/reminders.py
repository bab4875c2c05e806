"""Before a cheque expires: reminders 30 and 7 days ahead; the coordinator can extend its validity."""
import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.audit import record
from vouchers import tasks
from vouchers.exceptions import BudgetExhausted, TransitionError
from vouchers.models import Call, Voucher, VoucherStatus
from vouchers.models.vouchers import SPENDABLE
from vouchers.services.grants import undo_expiry_correction

REMINDERS = ((7, "reminded_7_at"), (30, "reminded_30_at"))


def remind_expiring(*, today: datetime.date) -> int:
    """Mail the holders of cheques with balance left that expire within 30 (or 7) days, once each.

    Idempotent: each reminder is sent once per cheque (the 7-day one also counts as the 30-day one). Never to a
    business whose personal data were erased, nor to an empty address."""
    sent = 0
    soon = Voucher.objects.filter(status__in=SPENDABLE, balance__gt=0, valid_until__gte=today,
                                  valid_until__lte=today + datetime.timedelta(days=30),
                                  application__anonymised_at__isnull=True).exclude(application__email="")
    for voucher_id in soon.values_list("pk", flat=True):
        with transaction.atomic():
            voucher = Voucher.objects.select_for_update().get(pk=voucher_id)
            days_left = (voucher.valid_until - today).days
            for days, field in REMINDERS:
                if days_left <= days and getattr(voucher, field) is None:
                    now = timezone.now()
                    voucher.reminded_30_at = voucher.reminded_30_at or now
                    setattr(voucher, field, now)
                    voucher.save(update_fields=["reminded_30_at", "reminded_7_at"])
                    record(None, "voucher.expiry_reminder", voucher, {"days_left": days_left})
                    tasks.after_commit(tasks.mail_voucher_holder, voucher.pk, "voucher_expiring")
                    sent += 1
                    break
    return sent


@transaction.atomic
def extend_voucher(*, voucher: Voucher, by: User | None, valid_until: datetime.date, reason: str | None) -> Voucher:
    """Give a cheque a later valid-until date. An expired cheque can be spent again: its balance is
    committed to the call's budget again, which must have room for it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("A reason is required.")})
    call = Call.objects.select_for_update().get(pk=voucher.call_id)
    voucher = Voucher.objects.select_for_update().get(pk=voucher.pk)
    if voucher.status == VoucherStatus.CANCELLED:
        raise TransitionError(_("A cancelled cheque cannot be extended."))
    if valid_until <= voucher.valid_until or valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("Choose a date after the current one (%(date)s) and not in the past.")
                               % {"date": voucher.valid_until.strftime("%d/%m/%Y")}})
    recommitted = voucher.balance if voucher.status == VoucherStatus.EXPIRED else 0
    if recommitted and call.remaining < recommitted:
        raise BudgetExhausted(_("The call's remaining budget cannot take this cheque's balance back."))
    old = voucher.valid_until
    voucher.valid_until, voucher.reminded_30_at, voucher.reminded_7_at = valid_until, None, None
    if recommitted:
        voucher.status = voucher.status_for_balance()
        call.committed += recommitted
        call.save(update_fields=["committed"])
        undo_expiry_correction(voucher=voucher, by=by)  # the aid is the face value again while it can be spent
    voucher.save(update_fields=["valid_until", "reminded_30_at", "reminded_7_at", "status"])
    record(by, "voucher.extended", voucher, {"from": old, "to": valid_until, "reason": reason,
                                             "recommitted": recommitted})
    tasks.after_commit(tasks.mail_voucher_holder, voucher.pk, "voucher_extended")
    return voucher
