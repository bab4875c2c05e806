"""Every write of the vouchers app: one function per transition, one transaction each."""
from vouchers.printing import store_cheque_pdf, stored_cheque_pdfs
from vouchers.services.applications import (
    confirm_email,
    purge_unverified_applications,
    send_applicant_link,
    submit_application,
    withdraw_application,
)
from vouchers.services.approval import (
    ApprovalOutcome,
    approve_applications,
    issue_voucher,
    reject_application,
    waitlist_application,
)
from vouchers.services.calls import create_call, set_municipality_shares, update_call
from vouchers.services.checks import record_check, submit_check_proof
from vouchers.services.cheques import cancel_voucher, expire_vouchers
from vouchers.services.credit_notes import receive_credit_note, settle_credit_note
from vouchers.services.followups import answer_followup, send_followups
from vouchers.services.payouts import (
    cancel_payout_batch,
    create_payout_batch,
    mark_batch_paid,
    mark_payment_paid,
    mark_payment_returned,
    reschedule_payout_batch,
)
from vouchers.services.redemptions import (
    approve_redemption,
    confirm_due_redemptions,
    confirm_redemption,
    contest_redemption,
    reject_redemption,
    submit_redemption,
)
from vouchers.services.reminders import extend_voucher, remind_expiring
from vouchers.services.statements import assign_statement_entry, ignore_statement_entry, import_bank_statement
from vouchers.services.voiding import void_application

__all__ = [
    "ApprovalOutcome",
    "answer_followup",
    "approve_applications",
    "approve_redemption",
    "assign_statement_entry",
    "cancel_payout_batch",
    "cancel_voucher",
    "confirm_due_redemptions",
    "confirm_email",
    "confirm_redemption",
    "contest_redemption",
    "create_call",
    "create_payout_batch",
    "expire_vouchers",
    "extend_voucher",
    "ignore_statement_entry",
    "import_bank_statement",
    "issue_voucher",
    "mark_batch_paid",
    "mark_payment_paid",
    "mark_payment_returned",
    "purge_unverified_applications",
    "receive_credit_note",
    "record_check",
    "reject_application",
    "reject_redemption",
    "remind_expiring",
    "reschedule_payout_batch",
    "send_applicant_link",
    "send_followups",
    "set_municipality_shares",
    "settle_credit_note",
    "store_cheque_pdf",
    "stored_cheque_pdfs",
    "submit_application",
    "submit_check_proof",
    "submit_redemption",
    "update_call",
    "void_application",
    "waitlist_application",
    "withdraw_application",
]
