"""Reads that the pages share."""
from django.utils import timezone

from vouchers.models import Call


def open_call():
    return Call.objects.open_on(timezone.localdate()).order_by("closes_on").first()


def find_voucher(*, code, enterprise_number, lock=False):
    """The cheque with this code issued to this enterprise number, or None (possession proof).

    With `lock`, the cheque's row stays locked until the transaction ends.
    """
    from vouchers.codes import normalize_code
    from vouchers.models import Voucher

    code = normalize_code(code)
    if not code or not enterprise_number:
        return None
    # Locked for a redemption: the row alone. Otherwise for a page that shows the business's name.
    vouchers = Voucher.objects.select_for_update(of=("self",)) if lock else Voucher.objects.select_related("application")
    return vouchers.filter(code=code, application__enterprise_number=enterprise_number).first()
