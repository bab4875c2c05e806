"""What needs a person now, each with a link to the filtered admin list."""
import datetime

from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regie.models import MailStatus, OutgoingMail
from vouchers.models import Application, CheckOutcome, LedgerCheck, Redemption, RedemptionStatus, Voucher
from vouchers.models.redemptions import DECIDABLE
from vouchers.models.vouchers import SPENDABLE

WAITING_DAYS = 7
EXPIRING_DAYS = 30


def waiting_for_approval(queryset, now=None):
    """Confirmed or contested redemptions that wait for the coordinator for more than a week."""
    since = (now or timezone.now()) - datetime.timedelta(days=WAITING_DAYS)
    return queryset.filter(status__in=DECIDABLE).annotate(
        waiting_since=Coalesce(F("answered_at"), F("submitted_at"))).filter(waiting_since__lt=since)


def expiring_soon(queryset, today=None):
    today = today or timezone.localdate()
    return queryset.filter(status__in=SPENDABLE, balance__gt=0, valid_until__gte=today,
                           valid_until__lte=today + datetime.timedelta(days=EXPIRING_DAYS))


def items():
    """[{label, count, url}] of everything that needs attention, in order of urgency (zero counts included)."""
    redemptions = reverse("admin:vouchers_redemption_changelist")
    last_check = LedgerCheck.objects.order_by("-ran_at").first()
    return [
        {"label": _("Applications in conflict: the same enterprise number confirmed twice in a call"),
         "url": f"{reverse('admin:vouchers_application_changelist')}?conflict=ja",
         "count": Application.objects.in_conflict().count()},
        {"label": _("Contested redemptions"), "url": f"{redemptions}?status__exact={RedemptionStatus.CONTESTED}",
         "count": Redemption.objects.filter(status=RedemptionStatus.CONTESTED).count()},
        {"label": _("Redemptions waiting for approval for more than 7 days"), "url": f"{redemptions}?wacht=7",
         "count": waiting_for_approval(Redemption.objects.all()).count()},
        {"label": _("Random checks waiting for proof"), "url": f"{redemptions}?random_check__exact=pending",
         "count": Redemption.objects.filter(random_check=CheckOutcome.PENDING).count()},
        {"label": _("Cheques expiring within 30 days with balance left"),
         "url": f"{reverse('admin:vouchers_voucher_changelist')}?vervalt=30",
         "count": expiring_soon(Voucher.objects.all()).count()},
        {"label": _("E-mails that could not be sent"),
         "url": f"{reverse('admin:regie_outgoingmail_changelist')}?status__exact={MailStatus.FAILED}",
         "count": OutgoingMail.objects.filter(status=MailStatus.FAILED).count()},
        {"label": _("Ledger mismatches at the last check"), "url": reverse("admin:vouchers_ledgercheck_changelist"),
         "count": last_check.mismatches if last_check else 0},
    ]
