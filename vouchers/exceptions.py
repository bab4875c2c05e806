from django.utils.translation import gettext_lazy as _


class TransitionError(Exception):
    """A state change that the rules do not allow; the message is shown to the user."""

    default_message = _("This change is not possible in the current state.")

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class BudgetExhausted(TransitionError):
    default_message = _("The budget of this call is used up.")
