"""The partner portal: login and profile (enterprises) and redeeming cheques (vouchers)."""
from django.urls import path
from django.utils.translation import pgettext_lazy

from enterprises.partner_urls import urlpatterns as enterprise_patterns
from networking.partner_urls import urlpatterns as networking_patterns
from vouchers.views import partner, partner_checks, partner_einvoices, partner_payments

app_name = "partner"
urlpatterns = [
    path("", partner.home, name="home"),
    path(pgettext_lazy("URL path", "inwisselen/"), partner.find_cheque, name="redeem"),
    path(pgettext_lazy("URL path", "inwisselen/factuur/"), partner.redeem, name="redeem_details"),
    path(pgettext_lazy("URL path", "inwisselingen/<uuid:public_id>/factuur.pdf"), partner.invoice, name="invoice"),
    path(pgettext_lazy("URL path", "inwisselingen/<uuid:public_id>/bewijs/"), partner_checks.check_proof,
         name="check_proof"),
    path(pgettext_lazy("URL path", "inwisselingen/<uuid:public_id>/creditnota/"), partner_einvoices.credit_note,
         name="credit_note"),
    path(pgettext_lazy("URL path", "betalingen/"), partner_payments.payments, name="payments"),
    path(pgettext_lazy("URL path", "betalingen/<str:end_to_end_id>/advies.pdf"), partner_payments.advice,
         name="advice"),
    *enterprise_patterns,
    *networking_patterns,
]
