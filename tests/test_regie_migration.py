"""An install from before several regies becomes regie 1: the values its settings held move into the regie's row,
every call, meeting and payout batch is attached to it, its firms are listed by it, its covered postcodes are its
area, and no cheque, payout or ledger figure changes. A new, empty install gets no regie from the migration (a
platform administrator adds one)."""
import importlib
import uuid
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.hashers import make_password

from regie.models import Regie
from tests.support.migrations import back_to_the_latest_migrations, migrate  # noqa: F401 - the fixture is used by name

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True),
              pytest.mark.usefixtures("back_to_the_latest_migrations")]  # migrates back and forth; no date rule

BEFORE = [("vouchers", "0022_introductions_consent"), ("networking", "0002_trust_and_calendar_revision"),
          ("regie", "0006_background_job_handled")]
AFTER = [("vouchers", "0033_redemptions_by_listed_firms"), ("networking", "0007_every_introduction_has_a_regie"),
         ("regie", "0008_staff_memberships")]  # the latest: one `migrate` of an install from before regies


@pytest.fixture
def one_regie_settings(settings):
    """What a production install of the one regie had in its environment file."""
    settings.SITE_URL = "https://cheque.regie-zuidoost-limburg.be"
    settings.ALLOWED_HOSTS = ["cheque.regie-zuidoost-limburg.be", "www.cheque.regie-zuidoost-limburg.be", "*"]
    settings.PAYOUT_DEBTOR = {"name": "Regie Sociale Economie ZOL", "IBAN": "BE71 0961 2345 6769", "BIC": "GKCCBEBB"}
    settings.PAYOUT_INITIATOR_ENTERPRISE_NUMBER = "0899.000.057"
    settings.CONTACT_EMAIL = "cheque@regie-zuidoost-limburg.be"
    settings.CONTACT_PHONE = "+32 12 39 00 00"
    settings.DEFAULT_FROM_EMAIL = "Regie sociale economie Zuidoost-Limburg <noreply@regie-zuidoost-limburg.be>"


def _programme(apps):
    """A call with cheques, a paid batch and a meeting, as the one-regie install held them."""
    user = apps.get_model("auth", "User").objects.create(username="coordinator", password=make_password("x"),
                                                         is_staff=True)
    call = apps.get_model("vouchers", "Call").objects.create(
        name="Oproep 2026", opens_on="2026-01-01", closes_on="2026-12-31", face_value=Decimal("500.00"),
        budget=Decimal("15000.00"), committed=Decimal("1000.00"), redeemed=Decimal("620.00"), paid=Decimal("450.00"))
    municipality = apps.get_model("enterprises", "Municipality").objects.create(name="Riemst", slug="riemst")
    application = apps.get_model("vouchers", "Application").objects.create(
        call=call, enterprise_number="0123456749", company_name="BV Hoekske", status="approved", email="a@example.be",
        postcode="3770", submission_key=uuid.uuid4(), deminimis_amount=Decimal(0),
        accepted_terms_at="2026-02-01T10:00:00Z", municipality=municipality)
    apps.get_model("vouchers", "Voucher").objects.create(
        application=application, call=call, code="ABCDEFGHKLMNPQRS", face_value=Decimal(500), balance=Decimal("380.00"),
        status="partly_used", issued_at="2026-03-01T10:00:00Z", valid_until="2026-09-01")
    apps.get_model("vouchers", "PayoutBatch").objects.create(
        reference="UITB-2026-0001", message_id="REGIE-UITB-2026-0001-1", status="paid", execution_date="2026-04-02",
        paid_on="2026-04-03", file_created_at="2026-04-01T08:00Z", created_by=user)
    apps.get_model("networking", "Introduction").objects.create(
        enterprise=apps.get_model("enterprises", "SocialEnterprise").objects.create(
            name="Kringwinkel", slug="kringwinkel", enterprise_number="0899000156",
            postcode=apps.get_model("enterprises", "Postcode").objects.create(code="3770", municipality=municipality)),
        source="application", application_public_id=application.public_id, company_name="BV Hoekske",
        contact_name="An", email="a@example.be")
    apps.get_model("networking", "Meeting").objects.create(
        slug="netwerkmoment-tongeren", title="Netwerkmoment", text="Kom", starts_at="2026-05-01T16:00Z",
        ends_at="2026-05-01T19:00Z", place_name="De Velinx", street="Dijk 111", postcode="3700", city="Tongeren",
        capacity=40, registration_closes_at="2026-04-29T16:00Z")


def test_an_install_of_one_regie_becomes_regie_1_with_its_settings_values_and_every_figure_unchanged(
        one_regie_settings):
    _programme(migrate(BEFORE))
    apps = migrate(AFTER)
    regie = apps.get_model("regie", "Regie").objects.get()
    assert (regie.pk, regie.short_name, regie.name_nl, regie.legal_name) == (
        1, "zuidoost", "Regie sociale economie Zuidoost-Limburg", "Regie Sociale Economie ZOL")
    assert (regie.iban, regie.bic, regie.enterprise_number) == ("BE71096123456769", "GKCCBEBB", "0899000057")
    assert (regie.contact_email, regie.contact_phone, regie.sender_email) == (
        "cheque@regie-zuidoost-limburg.be", "+32 12 39 00 00", "noreply@regie-zuidoost-limburg.be")
    hosts = apps.get_model("regie", "RegieHost").objects.order_by("-is_primary", "name")
    assert [(host.name, host.is_primary) for host in hosts] == [
        ("cheque.regie-zuidoost-limburg.be", True), ("www.cheque.regie-zuidoost-limburg.be", False)]
    call = apps.get_model("vouchers", "Call").objects.get()
    assert call.regie_id == 1
    assert (call.committed, call.redeemed, call.paid, call.budget) == (
        Decimal("1000.00"), Decimal("620.00"), Decimal("450.00"), Decimal("15000.00"))
    voucher = apps.get_model("vouchers", "Voucher").objects.get()
    assert (voucher.code, voucher.balance, voucher.status) == ("ABCDEFGHKLMNPQRS", Decimal("380.00"), "partly_used")
    assert apps.get_model("vouchers", "PayoutBatch").objects.get().regie_id == 1
    assert apps.get_model("networking", "Meeting").objects.get().regie_id == 1
    assert apps.get_model("networking", "Introduction").objects.get().regie_id == 1
    memberships = apps.get_model("regie", "StaffMembership").objects  # the coordinator can still log in
    assert list(memberships.values_list("user__username", "regie_id")) == [("coordinator", 1)]
    listings = apps.get_model("enterprises", "FirmListing").objects  # the firm stays in the catalogue
    assert list(listings.values_list("enterprise__name", "regie_id")) == [("Kringwinkel", 1)]


@pytest.mark.django_db(transaction=False)
def test_a_new_empty_install_gets_no_regie_from_the_migration(one_regie_settings):
    """The data step itself on a database with no call, user or firm (the test's regie gone too): no regie."""
    step = importlib.import_module("vouchers.migrations.0023_calls_of_a_regie")
    Regie.objects.all().delete()
    step.attach_to_first_regie(django_apps, None)
    assert Regie.objects.count() == 0


def test_the_hosts_of_regie_1_are_public_names_never_this_machine(settings):
    """An install's ALLOWED_HOSTS often lists localhost and 127.0.0.1 for its own checks: they never become a
    regie's host (its mailed links and printed QR codes)."""
    step = importlib.import_module("vouchers.migrations.0023_calls_of_a_regie")
    settings.SITE_URL = "https://cheque.regie-zuidoost-limburg.be"
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "cheque.regie-zuidoost-limburg.be", "portal.lan"]
    assert step._hosts() == ["cheque.regie-zuidoost-limburg.be", "portal.lan"]


def test_an_install_with_several_regies_keeps_every_firm_and_area_for_each_until_the_platform_narrows_them():
    """Before listings, every regie's catalogue showed every firm and every regie's calls admitted the covered
    postcodes: after the upgrade each regie lists every firm and has those postcodes as its area."""
    apps = migrate([("enterprises", "0003_serves_households"), ("vouchers", "0032_staff_of_regie_1")])
    Regie = apps.get_model("regie", "Regie")
    for short_name in ("zuidoost", "maasland"):
        Regie.objects.get_or_create(short_name=short_name, defaults={
            "name": short_name, "legal_name": short_name, "contact_email": "a@example.be",
            "sender_email": "b@example.be"})
    municipality = apps.get_model("enterprises", "Municipality").objects.create(name="Riemst", slug="riemst")
    Postcode = apps.get_model("enterprises", "Postcode")
    kanne = Postcode.objects.create(code="3770", place="Kanne", municipality=municipality, covered=True)
    Postcode.objects.create(code="3840", place="Borgloon", municipality=municipality, covered=False)
    apps.get_model("enterprises", "SocialEnterprise").objects.create(
        name="Kringwinkel", slug="kringwinkel", enterprise_number="0899000156", postcode=kanne)
    apps = migrate([("vouchers", "0033_redemptions_by_listed_firms"), ("enterprises", "0006_area_of_a_regie")])
    listings = apps.get_model("enterprises", "FirmListing").objects
    assert sorted(listings.values_list("regie__short_name", "enterprise__name")) == [
        ("maasland", "Kringwinkel"), ("zuidoost", "Kringwinkel")]
    area = apps.get_model("enterprises", "AreaPostcode").objects
    assert sorted(area.values_list("regie__short_name", "postcode__place")) == [
        ("maasland", "Kanne"), ("zuidoost", "Kanne")]
