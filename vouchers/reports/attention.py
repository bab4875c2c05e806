"""What needs a person now, each with a link to the filtered admin list."""
import datetime

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.models import BackgroundJob, JobStatus, MailStatus, OutgoingMail
from vouchers.models import (
    Application,
    BankStatementEntry,
    CheckOutcome,
    EntryOutcome,
    LedgerCheck,
    Payment,
    PaymentStatus,
    Redemption,
    RedemptionStatus,
    Voucher,
)
from vouchers.models.redemptions import DECIDABLE
from vouchers.models.vouchers import SPENDABLE

WAITING_DAYS = 7
EXPIRING_DAYS = 30
AWAITING_CHECK = (RedemptionStatus.SUBMITTED, RedemptionStatus.CONFIRMED, RedemptionStatus.CONTESTED)  # awaits_check


def waiting_for_approval(queryset, now=None):
    """Confirmed or contested redemptions that wait for the coordinator for more than a week."""
    since = (now or timezone.now()) - datetime.timedelta(days=WAITING_DAYS)
    return queryset.filter(status__in=DECIDABLE).annotate(
        waiting_since=Coalesce(F("answered_at"), F("submitted_at"))).filter(waiting_since__lt=since)


def expiring_soon(queryset, today=None):
    today = today or timezone.localdate()
    return queryset.filter(status__in=SPENDABLE, balance__gt=0, valid_until__gte=today,
                           valid_until__lte=today + datetime.timedelta(days=EXPIRING_DAYS))


def bank_items(regie):
    """What the bank's statements of `regie`'s account left for finance: entries to assign, returned transfers not
    paid again yet."""
    return [
        {"label": _("Bank statement entries to assign"),
         "url": f"{reverse('admin:vouchers_bankstatemententry_changelist')}?outcome__exact=unmatched",
         "count": BankStatementEntry.objects.of_regie(regie).filter(outcome=EntryOutcome.UNMATCHED).count()},
        {"label": _("Returned payments waiting for a new batch"),
         "url": f"{reverse('admin:vouchers_payment_changelist')}?status__exact=returned",
         "count": Payment.objects.of_regie(regie).filter(
             status=PaymentStatus.RETURNED, redemptions__status=RedemptionStatus.APPROVED,
             redemptions__batch__isnull=True).distinct().count()},
    ]


def _redemption_items(redemptions, of_regie):
    """Redemptions the coordinator decides or looks at again: contested, waiting, invoice credited by the firm."""
    return [
        {"label": _("Contested redemptions"), "url": f"{redemptions}?status__exact={RedemptionStatus.CONTESTED}",
         "count": of_regie.filter(status=RedemptionStatus.CONTESTED).count()},
        {"label": _("Redemptions waiting for approval for more than 7 days"), "url": f"{redemptions}?wacht=7",
         "count": waiting_for_approval(of_regie).count()},
        {"label": _("Redemptions whose invoice the firm credited (credit note received)"),
         "url": f"{redemptions}?credit_note_attention__exact=1",
         "count": of_regie.filter(credit_note_attention=True).count()},
    ]


def items(regie, *, platform_rows=False):
    """[{label, count, url}] of everything of `regie` that needs attention, in order of urgency (zero counts
    included), its mails that could not be sent and its background work that failed too; with `platform_rows`, also
    the platform's own (of no regie), for those who see them (regie.admin_site.RegieScopedAdmin.platform_rows)."""
    redemptions = reverse("admin:vouchers_redemption_changelist")
    of_regie = Redemption.objects.of_regie(regie)
    return [
        {"label": _("Applications in conflict: the same enterprise number confirmed twice in a call"),
         "url": f"{reverse('admin:vouchers_application_changelist')}?conflict=ja",
         "count": Application.objects.of_regie(regie).conflict_count()},
        *_redemption_items(redemptions, of_regie),
        {"label": _("Random checks waiting for proof"), "url": f"{redemptions}?random_check__exact=pending",
         "count": of_regie.filter(random_check=CheckOutcome.PENDING, status__in=AWAITING_CHECK,
                                  check_proofs__isnull=True).count()},
        {"label": _("Random checks with proof to review"), "url": f"{redemptions}?random_check__exact=pending",
         "count": of_regie.filter(random_check=CheckOutcome.PENDING, status__in=AWAITING_CHECK,
                                  check_proofs__isnull=False).distinct().count()},
        {"label": _("Cheques expiring within 30 days with balance left"),
         "url": f"{reverse('admin:vouchers_voucher_changelist')}?vervalt=30",
         "count": expiring_soon(Voucher.objects.of_regie(regie)).count()},
        *bank_items(regie),
        {"label": _("Ledger mismatches at the last check"), "url": reverse("admin:vouchers_ledgercheck_changelist"),
         "count": last_check.mismatches if (last_check := LedgerCheck.objects.last_of(regie)) else 0},
        *_work_items(Q(regie=regie) | Q(regie=None) if platform_rows else Q(regie=regie)),
    ]


def _work_items(whose):
    return [
        {"label": _("E-mails that could not be sent"),
         "url": f"{reverse('admin:regie_outgoingmail_changelist')}?status__exact={MailStatus.FAILED}",
         "count": OutgoingMail.objects.filter(whose, status=MailStatus.FAILED).count()},
        {"label": _("Background work that failed"),
         "url": f"{reverse('admin:regie_backgroundjob_changelist')}?status__exact={JobStatus.FAILED}",
         "count": BackgroundJob.objects.filter(whose, status=JobStatus.FAILED).count()},
    ]
