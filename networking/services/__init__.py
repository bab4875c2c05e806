"""Every write of the networking app: one function per change, one transaction each."""
from networking.services.checkin import CheckIn, check_in
from networking.services.introductions import (
    give_consent,
    introduce_application,
    introduce_each_other,
    introduce_registration,
    mark_outcome,
    show_again,
    withdraw_consent,
    withdraw_introductions,
)
from networking.services.meetings import create_meeting, update_meeting
from networking.services.registrations import (
    cancel_registration,
    confirm_registration_email,
    promote_waiting,
    register_business,
    register_firm_user,
    resend_registration_mail,
    set_listed,
)
from networking.services.reminders import send_reminders
from networking.services.wishes import ask_for_wishes, record_wishes

__all__ = [
    "CheckIn",
    "ask_for_wishes",
    "cancel_registration",
    "check_in",
    "confirm_registration_email",
    "create_meeting",
    "give_consent",
    "introduce_application",
    "introduce_each_other",
    "introduce_registration",
    "mark_outcome",
    "promote_waiting",
    "record_wishes",
    "register_business",
    "register_firm_user",
    "resend_registration_mail",
    "send_reminders",
    "set_listed",
    "show_again",
    "update_meeting",
    "withdraw_consent",
    "withdraw_introductions",
]
