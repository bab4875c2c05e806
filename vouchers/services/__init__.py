"""Every write of the vouchers app: one function per transition, one transaction each."""
from vouchers.services.applications import (
    approve_applications, confirm_email, purge_unverified_applications, reject_application,
    send_applicant_link, submit_application, waitlist_application, withdraw_application,
)
from vouchers.services.payouts import create_payout_batch, mark_batch_paid
from vouchers.services.redemptions import (
    approve_redemption, confirm_due_redemptions, confirm_redemption, contest_redemption, reject_redemption,
    submit_redemption,
)
from vouchers.services.cheques import cancel_voucher, expire_vouchers, issue_voucher, store_cheque_pdf

__all__ = [
    "create_payout_batch", "mark_batch_paid",
    "approve_redemption", "confirm_due_redemptions", "confirm_redemption", "contest_redemption",
    "reject_redemption", "submit_redemption",
    "approve_applications", "cancel_voucher", "confirm_email", "expire_vouchers", "issue_voucher", "purge_unverified_applications",
    "reject_application", "send_applicant_link", "store_cheque_pdf", "submit_application", "waitlist_application",
    "withdraw_application",
]
