"""The partner portal: login and profile (enterprises) and redeeming cheques (vouchers)."""
from django.urls import path
from django.utils.translation import pgettext_lazy

from enterprises.partner_urls import urlpatterns as enterprise_patterns
from vouchers.views import partner

app_name = "partner"
urlpatterns = [
    path("", partner.home, name="home"),
    path(pgettext_lazy("URL path", "inwisselen/"), partner.find_cheque, name="redeem"),
    path(pgettext_lazy("URL path", "inwisselen/factuur/"), partner.redeem, name="redeem_details"),
    path(pgettext_lazy("URL path", "inwisselingen/<uuid:public_id>/factuur.pdf"), partner.invoice, name="invoice"),
    *enterprise_patterns,
]
