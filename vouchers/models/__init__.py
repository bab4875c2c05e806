from vouchers.models.applications import Application, ApplicationStatus, CompanySize, Sector
from vouchers.models.calls import Call
from vouchers.models.followups import Answer, FollowUp, Respondent
from vouchers.models.grants import DeMinimisGrant
from vouchers.models.ledger import LedgerCheck
from vouchers.models.payouts import PayoutBatch, PayoutBatchStatus
from vouchers.models.redemptions import CheckOutcome, Redemption, RedemptionStatus
from vouchers.models.shares import MunicipalityShare
from vouchers.models.vouchers import Voucher, VoucherStatus

__all__ = [
    "Answer", "Application", "ApplicationStatus", "Call", "CheckOutcome", "CompanySize", "DeMinimisGrant", "FollowUp",
    "LedgerCheck", "MunicipalityShare", "PayoutBatch", "PayoutBatchStatus", "Redemption", "RedemptionStatus",
    "Respondent", "Sector", "Voucher", "VoucherStatus",
]
