"""Every page a visitor or a partner can reach, for the site-wide browser tests (focus, valid HTML, small screens).

Paths are built from the demo data (tests/demo.py): a real cheque, a personal page, a follow-up question.
"""
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils import translation

from networking import links as meeting_links
from networking.models import Introduction, Meeting, Registration
from vouchers import links
from vouchers.models import Application, FollowUp, Redemption, Voucher

LANGUAGES = ("nl", "fr", "en")
PARTNER_USER, PARTNER_PASSWORD = "partner-groenehand", "demo-partner-2026"


def public_paths(language):
    """The public pages in `language`, each as a path."""
    voucher = Voucher.objects.filter(status="issued").select_related("application").first()
    in_use = Voucher.objects.filter(redemptions__status="submitted").select_related("application").first()
    unconfirmed = Application.objects.filter(status="submitted").first()
    waiting = Application.objects.filter(status="waitlisted").first()
    followup = FollowUp.objects.filter(respondent="business").first()
    with translation.override(language):
        return [
            reverse("vouchers:home"),
            reverse("vouchers:apply"),
            reverse("enterprises:catalogue"),
            reverse("enterprises:catalogue") + "?q=niets-gevonden",
            reverse("enterprises:catalogue") + "?pagina=2",
            reverse("enterprises:detail", kwargs={"slug": "de-groene-hand"}),
            reverse("vouchers:verify", kwargs={"code": voucher.code}),
            reverse("vouchers:verify", kwargs={"code": "ONBEKENDECODE2345"}),
            reverse("vouchers:request_link"),
            reverse("vouchers:applicant", kwargs={"token": "ongeldig"}),
            *(reverse("vouchers:applicant", kwargs={"token": links.make_token(application, links.APPLICANT_SALT)})
              for application in (voucher.application, in_use.application, waiting)),
            reverse("vouchers:confirm_email", kwargs={"token": links.make_token(unconfirmed, links.CONFIRM_SALT)}),
            urlsplit(links.followup_url(followup, language)).path,
            *meeting_paths(),
            reverse("privacy"),
            reverse("accessibility"),
            reverse("partner:login"),
            reverse("partner:password_reset"),
            f"/{language}/bestaat-niet/",
        ]


def meeting_paths():
    """The networking moments (demo: one coming, one past) and a registrant's pages: with a place and its
    address not yet confirmed, on the waiting list or not, the cancel question, after the meeting the wishes."""
    coming, past = Meeting.objects.order_by("-starts_at")[:2]
    registration = Registration.objects.filter(meeting=coming, kind="business").order_by("pk").first()
    unconfirmed = Registration.objects.filter(meeting=coming, email_confirmed_at__isnull=True).first() or registration
    attendee = Registration.objects.filter(meeting=past, checked_in_at__isnull=False, kind="business").first()

    def token(view, registration):
        return reverse(view, kwargs={"token": meeting_links.registration_token(registration)})
    return [reverse("networking:meetings"), reverse("networking:meeting", kwargs={"slug": coming.slug}),
            reverse("networking:meeting", kwargs={"slug": past.slug}),
            token("networking:registration", registration), token("networking:registration", unconfirmed),
            token("networking:cancel", registration), token("networking:wishes", attendee),
            reverse("networking:registration", kwargs={"token": "ongeldig"}),
            reverse("networking:check_in_code", kwargs={"code": registration.check_in_code})]  # as a visitor sees it


def partner_paths(language):
    """The pages of the partner portal in `language` (after logging in), without step 2 of a redemption: with a
    redemption of the demo firm to send a credit note for, and one waiting for the proof of its random check."""
    redemptions = Redemption.objects.filter(enterprise__slug="de-groene-hand").exclude(status="rejected")
    drawn = redemptions.filter(random_check="pending").first() or redemptions.first()
    with translation.override(language):
        return [reverse("partner:home"), reverse("partner:redeem"),
                reverse("partner:profile", kwargs={"slug": "de-groene-hand"}), reverse("partner:two_factor_setup"),
                reverse("partner:language"), reverse("partner:payments"),
                reverse("partner:credit_note", kwargs={"public_id": redemptions.first().public_id}),
                reverse("partner:check_proof", kwargs={"public_id": drawn.public_id}),
                reverse("partner:introductions"),
                reverse("partner:introduction", kwargs={"public_id": Introduction.objects.filter(
                    enterprise__slug="de-groene-hand").first().public_id})]


def path_in(language, view_name, **kwargs):
    """A page's address in `language` (each language has its own words: /fr/partenaire/connexion/)."""
    with translation.override(language):
        return reverse(view_name, kwargs=kwargs or None)


def log_in_as_partner(page, base_url, language="nl"):
    page.goto(base_url + path_in(language, "partner:login"))
    page.locator("#id_username").fill(PARTNER_USER)
    page.locator("#id_password").fill(PARTNER_PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(base_url + path_in(language, "partner:home"))


def find_a_cheque(page, base_url, language="nl"):
    """Step 1 of a redemption, done: the page shows step 2 (amount and invoice) for a valid demo cheque."""
    voucher = Voucher.objects.filter(status="issued").select_related("application").first()
    page.goto(base_url + path_in(language, "partner:redeem"))
    page.locator("#id_code").fill(voucher.code)
    page.locator("#id_enterprise_number").fill(voucher.application.enterprise_number)
    page.locator("#id_enterprise_number").press("Enter")
    page.wait_for_url(base_url + path_in(language, "partner:redeem_details"))
