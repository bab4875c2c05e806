"""The partner portal (/xx/partner/, its log-in and second factor here, its cheque pages in vouchers) as regie
sees it: private pages, asked for the second factor of a firm user who switched it on (from
EnterprisesConfig.ready)."""
from regie.accounts import two_factor
from regie.web import headers

# Dutch addresses, whatever the page's language (regie.web.addresses.dutch_path).
PARTNER_PAGES = r"^/[a-z]{2}/partner/"
WITHOUT_SECOND_FACTOR = r"^/[a-z]{2}/partner/(aanmelden|afmelden|tweestaps|wachtwoord)"


def register_partner_portal():
    headers.register(PARTNER_PAGES)
    two_factor.require_for(PARTNER_PAGES, open_pages=WITHOUT_SECOND_FACTOR, verify="partner:two_factor")
