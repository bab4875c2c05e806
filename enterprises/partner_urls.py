from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import pgettext_lazy

from enterprises.password_reset import PartnerPasswordResetForm
from enterprises.views import language, login, partner
from regie.accounts import two_factor

# Included by vouchers/partner_urls.py, which owns the partner namespace and the partner home.
# Addresses in the page's language: the Dutch one is the msgid (see vouchers/urls.py).
urlpatterns = [
    path(pgettext_lazy("URL path", "aanmelden/"), login.PartnerLoginView.as_view(), name="login"),
    path(pgettext_lazy("URL path", "afmelden/"), auth_views.LogoutView.as_view(), name="logout"),
    path(pgettext_lazy("URL path", "wachtwoord-vergeten/"), login.PartnerPasswordResetView.as_view(
        success_url=reverse_lazy("partner:password_reset_done"), form_class=PartnerPasswordResetForm,
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
    ), name="password_reset"),
    path(pgettext_lazy("URL path", "wachtwoord-vergeten/verstuurd/"), auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path(pgettext_lazy("URL path", "wachtwoord-instellen/<uidb64>/<token>/"),
         auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("partner:password_reset_complete")),
         name="password_reset_confirm"),
    path(pgettext_lazy("URL path", "wachtwoord-instellen/klaar/"), auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path(pgettext_lazy("URL path", "profiel/<slug:slug>/"), partner.edit_profile, name="profile"),
    path(pgettext_lazy("URL path", "taal/"), language.my_language, name="language"),
    path(pgettext_lazy("URL path", "tweestaps/"), two_factor.verify, name="two_factor"),
    path(pgettext_lazy("URL path", "tweestaps/instellen/"), two_factor.setup, name="two_factor_setup"),
]
