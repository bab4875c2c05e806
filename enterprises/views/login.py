"""Partner login, throttled: repeated wrong passwords for one account or from one address are
refused for a while, with the same message whether or not the account exists."""
import logging

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from regie.ratelimit import Throttle, client_address

logger = logging.getLogger(__name__)
BY_ACCOUNT = Throttle("login-account", **settings.LOGIN_GUESSING_LIMITS)
BY_ADDRESS = Throttle("login-address", **settings.LOGIN_GUESSING_LIMITS)


class ThrottledAuthenticationForm(AuthenticationForm):
    blocked_message = _("Too many failed attempts. For your safety, please try again in 15 minutes.")

    def clean(self):
        account = (self.data.get("username") or "").strip().lower()
        address = client_address(self.request)
        if BY_ACCOUNT.is_blocked(account) or BY_ADDRESS.is_blocked(address):
            raise forms.ValidationError(self.blocked_message, code="throttled")
        BY_ACCOUNT.slow_down(account)
        try:
            return super().clean()
        except forms.ValidationError:
            BY_ACCOUNT.fail(account)
            BY_ADDRESS.fail(address)
            logger.warning("Failed partner login for %r from %s", account, address)
            raise


class PartnerLoginView(auth_views.LoginView):
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True
