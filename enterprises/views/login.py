"""Partner login and password reset. Wrong passwords are counted per username and address by django-axes
(settings), with the same message whether or not the account exists (a username longer than any account's is
refused before that, next to the field); reset mails are limited per address and per recipient."""
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import translation

from regie.accounts.languages import chosen_language
from regie.web.bad_input import BoundedUsername
from regie.web.throttles import Attempt, MailRequests, too_many

RESET_REQUESTS = MailRequests("password-reset")


class PartnerLoginForm(BoundedUsername, AuthenticationForm):
    pass


class PartnerLoginView(auth_views.LoginView):
    form_class = PartnerLoginForm
    redirect_authenticated_user = True

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if form.is_bound:  # sent back with errors: the error summary takes focus, not the username
            form.fields["username"].widget.attrs.pop("autofocus", None)
        return form

    def get_default_redirect_url(self):
        """Without a `next`: the partner home in the user's own language (Atelier Fouron, French, may log in
        from a Dutch page and still lands on /fr/partenaire/)."""
        language = chosen_language(self.request.user)
        if not language:
            return super().get_default_redirect_url()
        with translation.override(language):
            return reverse("partner:home")


class PartnerPasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        refused = RESET_REQUESTS.check(self.request, form.cleaned_data["email"])
        if isinstance(refused, Attempt):
            return too_many(self.request, "regie/too_many_mails.html", refused)
        if refused == "recipient":  # enough mails to that mailbox for now: the same answer, no mail
            return self.get_success_response()
        return super().form_valid(form)

    def get_success_response(self):
        return HttpResponseRedirect(self.get_success_url())
