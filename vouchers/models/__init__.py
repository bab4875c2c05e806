from vouchers.models.applications import Application, ApplicationStatus, CompanySize, Sector
from vouchers.models.calls import Call
from vouchers.models.ledger import LedgerCheck
from vouchers.models.payouts import PayoutBatch, PayoutBatchStatus
from vouchers.models.redemptions import Redemption, RedemptionStatus
from vouchers.models.vouchers import Voucher, VoucherStatus

__all__ = [
    "Application", "ApplicationStatus", "Call", "CompanySize", "LedgerCheck", "PayoutBatch", "PayoutBatchStatus", "Redemption", "RedemptionStatus", "Sector", "Voucher",
    "VoucherStatus",
]
