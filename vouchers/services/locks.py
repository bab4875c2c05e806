"""Row locks, always taken in the ledger's order (vouchers/ledger.py): the call, then the application or
the cheque, then the redemption. Every service that changes money or a state locks through these, inside
its transaction, so concurrent services never deadlock and never commit more than the budget."""
from vouchers.models import Application, Call, Redemption, Voucher


def lock_application(application: Application) -> tuple[Call, Application]:
    """Lock the call, then the application (always in this order, so no deadlocks)."""
    call = Call.objects.select_for_update().get(pk=application.call_id)
    return call, Application.objects.select_for_update().get(pk=application.pk)


def lock_cheque(*, voucher_id: int, call_id: int) -> tuple[Call, Voucher]:
    """Lock the call, then the cheque."""
    call = Call.objects.select_for_update().get(pk=call_id)
    return call, Voucher.objects.select_for_update().get(pk=voucher_id)


def lock_redemption(redemption: Redemption) -> tuple[Voucher, Redemption]:
    """Lock the cheque, then the redemption (for changes that move no money of the call)."""
    voucher = Voucher.objects.select_for_update().get(pk=redemption.voucher_id)
    return voucher, Redemption.objects.select_for_update().get(pk=redemption.pk)


def lock_redemption_with_call(redemption: Redemption) -> tuple[Call, Voucher, Redemption]:
    """Lock the call, then the cheque, then the redemption."""
    call_id = Voucher.objects.filter(pk=redemption.voucher_id).values_list("call_id", flat=True).get()
    call = Call.objects.select_for_update().get(pk=call_id)
    voucher, redemption = lock_redemption(redemption)
    return call, voucher, redemption
