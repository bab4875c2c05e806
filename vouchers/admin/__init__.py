"""The coordinator's admin for calls, applications, cheques and redemptions. Every action calls a service."""
from vouchers.admin import applications, calls, cheques, ledger, payouts, redemptions  # noqa: F401  (registers the model admins)
