"""When systemd starts the vouchers app's scheduled commands (registered from VouchersConfig.ready; the same as
deploy/systemd/portal-<command>.timer)."""
import datetime

from regie.ops.scheduled import Timer, register

TIMERS = {
    "expire_vouchers": Timer(at=datetime.time(3, 10)),
    "purge_unverified_applications": Timer(at=datetime.time(3, 15)),
    "apply_retention": Timer(at=datetime.time(3, 20)),
    "check_ledger": Timer(at=datetime.time(3, 30)),
    "remind_expiring": Timer(at=datetime.time(9, 0)),
    "send_followups": Timer(at=datetime.time(10, 0)),
    "confirm_due_redemptions": Timer(minute=20, slack=datetime.timedelta(minutes=15)),
}


def register_timers():
    register(TIMERS, first=True)
