"""Every write of the vouchers app: one function per transition, one transaction each."""
from vouchers.services.applications import (
    confirm_email, purge_unverified_applications, reject_application, send_applicant_link, submit_application,
    waitlist_application, withdraw_application,
)
from vouchers.services.calls import create_call, set_municipality_shares, update_call
from vouchers.services.checks import record_check
from vouchers.services.followups import answer_followup, send_followups
from vouchers.services.reminders import extend_voucher, remind_expiring
from vouchers.services.cheques import (
    ApprovalOutcome, approve_applications, cancel_voucher, expire_vouchers, issue_voucher, store_cheque_pdf,
)
from vouchers.services.payouts import (
    cancel_payout_batch, create_payout_batch, mark_batch_paid, reschedule_payout_batch,
)
from vouchers.services.redemptions import (
    approve_redemption, confirm_due_redemptions, confirm_redemption, contest_redemption, reject_redemption,
    submit_redemption,
)

__all__ = [
    "confirm_email", "purge_unverified_applications", "reject_application", "send_applicant_link",
    "submit_application", "waitlist_application", "withdraw_application",
    "create_call", "set_municipality_shares", "update_call",
    "record_check", "answer_followup", "send_followups", "extend_voucher", "remind_expiring",
    "ApprovalOutcome", "approve_applications", "cancel_voucher", "expire_vouchers", "issue_voucher",
    "store_cheque_pdf",
    "cancel_payout_batch", "create_payout_batch", "mark_batch_paid", "reschedule_payout_batch",
    "approve_redemption", "confirm_due_redemptions", "confirm_redemption", "contest_redemption",
    "reject_redemption", "submit_redemption",
]
