from vouchers.models.applications import Application, ApplicationStatus, CompanySize, Sector
from vouchers.models.calls import Call
from vouchers.models.checks import CheckProof as CheckProof  # explicit re-export: one line, beside __all__
from vouchers.models.followups import Answer, FollowUp, Respondent
from vouchers.models.grants import DeMinimisGrant
from vouchers.models.ledger import LedgerCheck
from vouchers.models.payouts import Payment, PaymentStatus, PayoutBatch, PayoutBatchStatus
from vouchers.models.redemptions import CheckOutcome, Redemption, RedemptionStatus
from vouchers.models.shares import MunicipalityShare
from vouchers.models.statements import (
    BankStatement as BankStatement,
    BankStatementEntry as BankStatementEntry,
    EntryOutcome as EntryOutcome,
)
from vouchers.models.vouchers import Voucher, VoucherStatus

__all__ = [
    "Answer", "Application", "ApplicationStatus", "Call", "CheckOutcome", "CompanySize", "DeMinimisGrant", "FollowUp",
    "LedgerCheck", "MunicipalityShare", "Payment", "PaymentStatus", "PayoutBatch", "PayoutBatchStatus", "Redemption",
    "RedemptionStatus",
    "Respondent", "Sector", "Voucher", "VoucherStatus",
]
