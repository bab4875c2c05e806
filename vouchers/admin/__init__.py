"""The coordinator's admin for calls, applications, cheques and redemptions. Every action calls a service."""
from vouchers.admin import applications, calls, cheques, payouts  # noqa: F401  (registers the model admins)
