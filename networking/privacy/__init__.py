"""Privacy by default for networking moments and introductions: the schedule's entries (schedule.py), the
nightly retention rules (retention.py, dispatched by vouchers.privacy.retention.RULES), and a business's part
of the export and the erasure on request (business.py, called by vouchers.privacy: networking never imports
vouchers, so the cheque side hands it the business's enterprise number, addresses and applications)."""
from networking.privacy.schedule import register_schedule

__all__ = ["register_schedule"]
