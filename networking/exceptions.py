"""Refusals of the networking services, each with a code (for views and tests) and a translated message (for
the person): str(exc) == exc.message."""
from django.utils.translation import gettext_lazy as _


class _Refused(Exception):
    messages: dict = {}

    def __init__(self, code, message=None):
        self.code = code
        self.message = message if message is not None else self.messages[code]
        super().__init__(code)

    def __str__(self):
        return str(self.message)


class RegistrationRefused(_Refused):
    """A registration (or its cancellation) that the rules do not allow."""

    messages = {
        "closed": _("Registration for this networking moment is closed."),
        "over": _("This networking moment has already started or is over."),
        "duplicate": _("This e-mail address is already registered for this networking moment (or on its waiting "
                       "list). Use the link in the e-mail you received then to see or cancel your registration."),
        "audience": _("This networking moment is not open to registrations of this kind."),
        "not_member": _("You can only register for a firm you belong to."),
        "not_listed": _("The regie of this networking moment does not list your firm, so it cannot register here as "
                        "a social-economy firm."),
        "cancelled": _("This registration is already cancelled."),
    }


class CheckInRefused(_Refused):
    """A code scanned at the door that does not let its bearer in."""

    messages = {
        "unknown": _("This code is not a registration for a networking moment."),
        "other_meeting": _("This code is for another networking moment, not this meeting."),
        "cancelled": _("This registration was cancelled."),
        "waiting": _("This person is on the waiting list and has no place."),
        "not_now": _("Check-in is not open at this time."),
    }
