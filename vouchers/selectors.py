"""Reads that the pages share."""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Municipality, SocialEnterprise
from vouchers.codes import normalize_code
from vouchers.models import Call, LedgerCheck, MunicipalityShare, Redemption, RedemptionStatus, Voucher
from vouchers.reports.figures import committed_per_municipality

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.db.models import QuerySet
    from django_stubs_ext import StrPromise

    from regie.models import Regie

IN_REVIEW = [RedemptionStatus.SUBMITTED, RedemptionStatus.CONFIRMED, RedemptionStatus.CONTESTED]


def call_figures(call: Call) -> list[tuple[StrPromise, Decimal]]:
    """[(label, euros)]: budget, committed, in review, redeemed, paid, remaining (vouchers/ledger.py)."""
    in_review = Redemption.objects.filter(voucher__call=call, status__in=IN_REVIEW).aggregate(
        total=Sum("amount"))["total"] or Decimal(0)
    return [(_("budget"), call.budget), (_("committed"), call.committed), (_("in review"), in_review),
            (_("redeemed"), call.redeemed), (_("paid"), call.paid), (_("remaining"), call.remaining)]


def used_up_shares(call_ids: Iterable[int]) -> list[tuple[Call, Municipality, Decimal, Decimal]]:
    """[(call, municipality, share, committed)] for the municipalities' shares that are used up."""
    used_up = []
    for share in MunicipalityShare.objects.filter(call_id__in=call_ids).select_related("call", "municipality"):
        committed = committed_per_municipality(share.call).get(share.municipality_id, Decimal(0))
        if committed >= share.amount:
            used_up.append((share.call, share.municipality, share.amount, committed))
    return used_up


def last_ledger_check(regie: Regie) -> LedgerCheck | None:
    return LedgerCheck.objects.last_of(regie)


def open_call(regie: Regie) -> Call | None:
    """The regie's call that takes applications today (the one closing first), or None."""
    return Call.objects.filter(regie=regie).open_on(timezone.localdate()).order_by("closes_on").first()


def upcoming_call(regie: Regie) -> Call | None:
    """The regie's next call to open, for "applications open on ..." while none is open."""
    return Call.objects.filter(regie=regie, opens_on__gt=timezone.localdate()).order_by("opens_on").first()


def regie_voucher(*, regie: Regie, code: str | None) -> Voucher | None:
    """The regie's cheque with this code, or None: a cheque of another regie is as unknown as a code that does not
    exist (the verify page, on the regie's host)."""
    code = normalize_code(code)
    return Voucher.objects.filter(code=code, call__regie=regie).first() if code else None


def find_voucher(*, regie: Regie, code: str | None, enterprise_number: str | None,
                 lock: bool = False) -> Voucher | None:
    """The cheque of `regie` with this code issued to this enterprise number, or None (possession proof): a cheque
    of another regie is not found.

    With `lock`, the cheque's row stays locked until the transaction ends.
    """
    code = normalize_code(code)
    if not code or not enterprise_number:
        return None
    # Locked for a redemption: the row alone. Otherwise for a page that shows the business's name.
    vouchers = (Voucher.objects.select_for_update(of=("self",)).select_related("call") if lock
                else Voucher.objects.select_related("application"))
    vouchers = vouchers.filter(call__regie=regie)
    return vouchers.filter(code=code, application__enterprise_number=enterprise_number).first()


def firm_redemption(*, regie: Regie, user: AbstractBaseUser | AnonymousUser, public_id: object) -> Redemption | None:
    """The redemption with this public id if it is one of the user's firms' of a cheque of `regie` (the regie whose
    host the page is on; a partner page's only way to one), else None: another firm's redemption, or one under
    another regie, is as unknown as one that does not exist."""
    return (Redemption.objects.select_related("voucher__application", "enterprise")
            .filter(public_id=public_id, enterprise__in=SocialEnterprise.objects.of_user(user),
                    voucher__call__regie=regie).first())


def firms_redeeming_for_other_regies(regie: Regie | None) -> QuerySet[Redemption, dict[str, int]]:
    """The ids of the firms with redemptions of another regie's cheques than `regie`'s: a firm that regie delisted
    still follows those and is paid for them (enterprises.models.TIES_TO_OTHER_REGIES)."""
    return Redemption.objects.exclude(voucher__call__regie=regie).values("enterprise")
