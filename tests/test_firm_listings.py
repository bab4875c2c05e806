"""A firm is listed by one or more regies (one profile, one login). It shows in the catalogue and on the forms of the
regies that list it, and redeems their cheques only: the service says why, and the database refuses the row whatever
writes it. Each regie's coordinator manages the firms it lists; the platform administrator lists a firm for another
regie too."""
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import translation

from enterprises.models import FirmListing, SocialEnterprise
from enterprises.selectors import firms_by_municipality
from networking.models import Registration
from regie.accounts.groups import COORDINATORS
from regie.audit import record
from regie.models import AuditEvent
from tests.factories import FirmMembershipFactory, PostcodeFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import issued_voucher, redeem
from tests.support.networking import MeetingFactory
from tests.support.two_regies import MAASLAND_HOST, maasland
from tests.test_admin import enterprise_form
from vouchers import services
from vouchers.database_rules import create_after_migrate, drop_before_migrate
from vouchers.models import Call, Redemption, Voucher
from vouchers.services import redemptions

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names and the admin: no date rule

ZUIDOOST = "Regie sociale economie Zuidoost-Limburg"


@pytest.fixture
def firms(regie):
    """De Groene Hand (listed by the test's regie), Kringwinkel Maasland (by Maasland) and Tuinploeg Samen (both)."""
    other = maasland()
    return (SocialEnterpriseFactory(name="De Groene Hand"),
            SocialEnterpriseFactory(name="Kringwinkel Maasland", listed_by=[other]),
            SocialEnterpriseFactory(name="Tuinploeg Samen", listed_by=[regie, other]))


def _names_in(response):
    return {name for name in ("De Groene Hand", "Kringwinkel Maasland", "Tuinploeg Samen")
            if name in response.content.decode()}


def test_each_regies_catalogue_and_firm_pages_show_the_firms_it_lists(client, firms):
    groene_hand, kringwinkel, _samen = firms
    assert _names_in(client.get("/nl/ondernemingen/")) == {"De Groene Hand", "Tuinploeg Samen"}
    assert _names_in(client.get("/nl/ondernemingen/", HTTP_HOST=MAASLAND_HOST)) == {
        "Kringwinkel Maasland", "Tuinploeg Samen"}
    assert client.get(kringwinkel.get_absolute_url()).status_code == 404
    assert client.get(kringwinkel.get_absolute_url(), HTTP_HOST=MAASLAND_HOST).status_code == 200
    assert client.get(groene_hand.get_absolute_url(), HTTP_HOST=MAASLAND_HOST).status_code == 404


def test_the_forms_offer_the_firms_the_regie_lists(regie, firms):
    offered = {name for _municipality, choices in firms_by_municipality(regie) for _pk, name in choices}
    assert offered == {"De Groene Hand", "Tuinploeg Samen"}


def test_a_firm_the_cheques_regie_does_not_list_cannot_redeem_it_and_is_told_why(regie, firms):
    voucher = issued_voucher()
    membership = FirmMembershipFactory(enterprise=firms[1])
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        redeem(voucher, membership, amount="100.00")
    assert refused.value.messages == [(
        f"{ZUIDOOST} does not list Kringwinkel Maasland, so it cannot redeem this regie's cheques. Please contact the "
        "regie's coordinator.")]
    voucher.refresh_from_db()
    assert voucher.balance == 500 and not Redemption.objects.exists()
    assert redeem(voucher, FirmMembershipFactory(enterprise=firms[2]), amount="100.00").amount == 100


def test_the_database_refuses_a_redemption_by_a_firm_the_cheques_regie_does_not_list(regie, firms):
    """Whatever writes the row: inserting it, or moving a redemption to such a firm. A redemption from before the
    regie stopped listing its firm is still decided (its other columns change)."""
    voucher = issued_voucher()
    redemption = redeem(voucher, FirmMembershipFactory(enterprise=firms[2]), amount="100.00")
    fields = {name: getattr(redemption, name) for name in (
        "voucher", "amount", "description", "service_date", "invoice_date", "invoice_amount", "submitted_by",
        "invoice")}
    with pytest.raises(IntegrityError, match="redemption_by_unlisted_firm"), transaction.atomic():
        Redemption.objects.create(**fields, invoice_number="F-2", invoice_number_key="F2", enterprise=firms[1],
                                  submission_key=uuid.uuid4())
    with pytest.raises(IntegrityError, match="redemption_by_unlisted_firm"), transaction.atomic():
        Redemption.objects.filter(pk=redemption.pk).update(enterprise=firms[1])
    Redemption.objects.create(**fields, invoice_number="F-3", invoice_number_key="F3", enterprise=firms[0],
                              submission_key=uuid.uuid4())  # a firm the cheque's regie lists: the same row goes in
    FirmListing.objects.filter(enterprise=firms[2], regie=regie).delete()
    services.confirm_redemption(redemption=redemption)
    services.approve_redemption(redemption=redemption, by=UserFactory(is_staff=True))
    assert Redemption.objects.get(pk=redemption.pk).status == "approved"


def test_a_partner_of_a_firm_the_host_regie_does_not_list_is_told_so(client, firms):
    user = FirmMembershipFactory(enterprise=firms[1]).user
    client.force_login(user)
    with translation.override("en"):
        home_url, redeem_url = reverse("partner:home"), reverse("partner:redeem")
    home = client.get(home_url).content.decode()
    assert (f"{ZUIDOOST} does not list Kringwinkel Maasland. Here your firm cannot redeem this regie's cheques or "
            "register for its networking moments.") in home
    assert "Redeem a cheque" not in home
    assert client.get(redeem_url).url == home_url
    home = client.get(home_url, HTTP_HOST=MAASLAND_HOST).content.decode()
    assert "does not list" not in home and "Redeem a cheque" in home
    FirmMembershipFactory(user=user, enterprise=SocialEnterpriseFactory(name="Maaswerk Groen",
                                                                        listed_by=[firms[1].listings.get().regie]))
    home = " ".join(client.get(home_url).content.decode().split())
    assert (f"{ZUIDOOST} does not list Kringwinkel Maasland, Maaswerk Groen. Here these firms cannot redeem this "
            "regie's cheques") in home and "to list them." in home


@pytest.fixture
def maasland_coordinator(firms):
    coordinator = UserFactory(is_staff=True, regies=[firms[1].listings.get().regie])
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    return coordinator


def test_a_coordinator_manages_the_firms_their_regie_lists_and_a_firm_they_add_is_listed(client, maasland_coordinator):
    client.force_login(maasland_coordinator)
    listed = client.get("/admin/enterprises/socialenterprise/", HTTP_HOST=MAASLAND_HOST)
    assert _names_in(listed) == {"Kringwinkel Maasland", "Tuinploeg Samen"}
    response = client.post("/admin/enterprises/socialenterprise/add/", enterprise_form(PostcodeFactory()),
                           HTTP_HOST=MAASLAND_HOST)
    assert response.status_code == 302
    firm = SocialEnterprise.objects.get(slug="nieuwe-firma")
    assert [listing.regie.short_name for listing in firm.listings.all()] == ["maasland"]
    assert AuditEvent.objects.filter(action="enterprise.listed", object_id=firm.pk).exists()


def test_a_firm_already_in_the_portal_is_listed_for_another_regie_by_the_platform_administrator(client, firms):
    platform = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(platform)
    add = "/admin/enterprises/firmlisting/add/"
    refused = client.post(add, {"enterprise_number": "0403.170.701"}, HTTP_HOST=MAASLAND_HOST)
    assert refused.context["adminform"].form.errors["enterprise_number"] == [(
        "Er staat nog geen sociale-economieonderneming met dit nummer in het portaal: voeg ze toe onder "
        "Sociale-economieondernemingen.")]
    again = client.post(add, {"enterprise_number": firms[1].enterprise_number}, HTTP_HOST=MAASLAND_HOST)
    assert again.context["adminform"].form.errors["enterprise_number"] == [
        "Deze regie heeft Kringwinkel Maasland al opgenomen."]
    response = client.post(add, {"enterprise_number": firms[0].enterprise_number_display}, HTTP_HOST=MAASLAND_HOST)
    assert response.status_code == 302
    assert {listing.regie.short_name for listing in firms[0].listings.all()} == {"maasland", "zuidoost"}
    assert "De Groene Hand" in client.get("/nl/ondernemingen/", HTTP_HOST=MAASLAND_HOST).content.decode()


def test_a_coordinator_removes_a_listing_but_not_a_firms_last(client, maasland_coordinator, firms):
    client.force_login(maasland_coordinator)
    listing = {"enterprise_number": firms[0].enterprise_number}  # listing another regie's firm: the platform's
    assert client.post("/admin/enterprises/firmlisting/add/", listing, HTTP_HOST=MAASLAND_HOST).status_code == 403
    assert not firms[0].listings.filter(regie__short_name="maasland").exists()
    samen = FirmListing.objects.get(enterprise=firms[2], regie__short_name="maasland")
    url = f"/admin/enterprises/firmlisting/{samen.pk}/delete/"
    assert client.post(url, {"post": "yes"}, HTTP_HOST=MAASLAND_HOST).status_code == 302
    assert [listing.regie.short_name for listing in firms[2].listings.all()] == ["zuidoost"]
    assert AuditEvent.objects.filter(action="enterprise.delisted", object_id=firms[2].pk).exists()
    last = firms[1].listings.get()
    refusal = ("Alleen deze regie heeft Kringwinkel Maasland opgenomen; zet de onderneming offline in plaats van de "
               "opname te schrappen.")
    asked = client.get(f"/admin/enterprises/firmlisting/{last.pk}/delete/", HTTP_HOST=MAASLAND_HOST, follow=True)
    assert refusal in asked.content.decode() and "Ja, ik weet het zeker" not in asked.content.decode()  # said at once
    response = client.post(f"/admin/enterprises/firmlisting/{last.pk}/delete/", {"post": "yes"},
                           HTTP_HOST=MAASLAND_HOST, follow=True)
    assert refusal in response.content.decode()
    assert firms[1].listings.exists()
    other = FirmListing.objects.get(enterprise=firms[0])  # another regie's: "does not exist" here
    assert client.post(f"/admin/enterprises/firmlisting/{other.pk}/delete/", {"post": "yes"},
                       HTTP_HOST=MAASLAND_HOST).url == "/admin/"
    assert FirmListing.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_the_rule_outlives_a_later_migration_that_rebuilds_the_tables_it_reads(regie, firms):
    """SQLite rebuilds a table for most schema changes, which drops a trigger on it or fails while a trigger reads
    it: migrate takes the rule out before it runs and puts it back after (PostgreSQL keeps it in place)."""
    drop_before_migrate(sender=None)
    with connection.schema_editor() as editor:  # what a later migration that alters calls or cheques does
        for model, name in ((Call, "name"), (Voucher, "code"), (Redemption, "description")):
            old = model._meta.get_field(name)
            wider = old.clone()
            wider.set_attributes_from_name(name)
            wider.model, wider.max_length = model, (old.max_length or 0) + 1
            editor.alter_field(model, old, wider)
            editor.alter_field(model, wider, old)
    create_after_migrate(sender=None)
    voucher = issued_voucher()
    with pytest.raises(IntegrityError, match="redemption_by_unlisted_firm"), transaction.atomic():
        Redemption.objects.create(voucher=voucher, enterprise=firms[1], amount=1, description="x",
                                  service_date=voucher.valid_until, invoice_number="F-9", invoice_number_key="F9",
                                  invoice_date=voucher.valid_until, invoice_amount=1, invoice="invoices/f.pdf",
                                  submitted_by=UserFactory(), submission_key=uuid.uuid4())


def test_a_firm_another_regie_lists_too_is_changed_by_the_platform_administrator_only(client, maasland_coordinator,
                                                                                      firms):
    _groene_hand, kringwinkel, samen = firms
    client.force_login(maasland_coordinator)
    shared = f"/admin/enterprises/socialenterprise/{samen.pk}/change/"
    page = client.get(shared, HTTP_HOST=MAASLAND_HOST)
    assert page.status_code == 200 and "_save" not in page.content.decode()
    assert ("Een andere regie heeft deze onderneming ook opgenomen (of deed dat en heeft nog haar inwisselingen of "
            "introducties), dus alleen de platformbeheerder wijzigt ze"
            in page.content.decode())
    form = enterprise_form(samen.postcode, name=samen.name, slug=samen.slug, enterprise_number=samen.enterprise_number,
                           iban="BE48001123456727")
    assert client.post(shared, form, HTTP_HOST=MAASLAND_HOST).status_code == 403
    assert SocialEnterprise.objects.get(pk=samen.pk).iban != "BE48001123456727"
    own = f"/admin/enterprises/socialenterprise/{kringwinkel.pk}/change/"
    form = enterprise_form(kringwinkel.postcode, name=kringwinkel.name, slug=kringwinkel.slug,
                           enterprise_number=kringwinkel.enterprise_number, iban="BE48001123456727")
    assert client.post(own, form, HTTP_HOST=MAASLAND_HOST).status_code == 302
    assert SocialEnterprise.objects.get(pk=kringwinkel.pk).iban == "BE48001123456727"
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.post(shared, form | {"name": samen.name, "slug": samen.slug,
                                       "enterprise_number": samen.enterprise_number},
                       HTTP_HOST=MAASLAND_HOST).status_code == 302


def test_a_firm_registers_for_the_networking_moments_of_the_regies_that_list_it_only(client, firms):
    user = FirmMembershipFactory(enterprise=firms[1]).user  # Kringwinkel Maasland: not listed here
    FirmMembershipFactory(user=user, enterprise=firms[2])  # Tuinploeg Samen: listed by both
    meeting = MeetingFactory(audience="both")
    client.force_login(user)
    register = reverse("partner:meeting_register", args=[meeting.slug])
    refused = client.post(register, {"firm": firms[1].pk}, follow=True)
    assert ("De regie van dit netwerkmoment heeft je onderneming niet opgenomen, dus ze kan zich hier niet "
            "inschrijven als sociale-economieonderneming.") in refused.content.decode()
    assert not Registration.objects.exists()
    client.post(register)  # no firm chosen: the first one the regie lists
    assert Registration.objects.get().enterprise == firms[2]


def test_a_firm_delisted_while_its_user_redeems_is_told_why_not_a_server_error(regie, firms, monkeypatch):
    """The listing goes between the service's check and the insert (a coordinator removes it at that moment): the
    database's rule refuses the row and the user reads the same message."""
    voucher = issued_voucher()
    membership = FirmMembershipFactory(enterprise=firms[2])
    monkeypatch.setattr(redemptions, "redemption_errors", lambda **kwargs: {})  # the check passed just before
    FirmListing.objects.filter(enterprise=firms[2], regie=regie).delete()
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        redeem(voucher, membership, amount="100.00")
    assert refused.value.messages == [(
        f"{ZUIDOOST} does not list Tuinploeg Samen, so it cannot redeem this regie's cheques. Please contact the "
        "regie's coordinator.")]


def test_a_delisted_firm_still_follows_its_earlier_redemptions_but_redeems_no_more(client, regie, firms):
    redemption = redeem(issued_voucher(company_name="Bakkerij Vroeger"), FirmMembershipFactory(enterprise=firms[2]),
                        amount="100.00")
    FirmListing.objects.filter(enterprise=firms[2], regie=regie).delete()
    client.force_login(redemption.submitted_by)
    home = client.get(reverse("partner:home")).content.decode()
    assert "Bakkerij Vroeger" in home and "Een cheque inwisselen" not in home
    assert "heeft Tuinploeg Samen niet opgenomen" in home


def test_the_catalogue_filters_on_the_municipalities_of_the_regies_firms(client, firms):
    SocialEnterpriseFactory(name="Kringwinkel Elders", postcode__municipality__name_nl="Elders")  # the test regie's
    form = client.get("/nl/ondernemingen/", HTTP_HOST=MAASLAND_HOST).context["form"]
    offered = {label for _value, label in form.fields["gemeente"].choices}
    assert "Elders" not in offered
    assert {firm.postcode.municipality.name for firm in firms[1:]} <= offered


def test_the_history_of_a_firm_both_regies_list_shows_a_regie_the_work_of_its_own_staff(client, maasland_coordinator,
                                                                                        regie, firms):
    zuidoost_coordinator = UserFactory(username="an.zuidoost", is_staff=True, regies=[regie])
    record(zuidoost_coordinator, "enterprise.changed", firms[2], {"via": "admin"})
    record(maasland_coordinator, "enterprise.profile_updated", firms[2], {"fields": ["phone"]})
    client.force_login(maasland_coordinator)
    page = client.get(f"/admin/enterprises/socialenterprise/{firms[2].pk}/change/", HTTP_HOST=MAASLAND_HOST)
    assert "enterprise.profile_updated" in page.content.decode()
    assert "an.zuidoost" not in page.content.decode() and "enterprise.changed" not in page.content.decode()


def test_a_staff_member_cannot_be_made_a_user_of_a_firm(client, maasland_coordinator, firms):
    client.force_login(maasland_coordinator)
    kringwinkel = firms[1]
    form = enterprise_form(kringwinkel.postcode, name=kringwinkel.name, slug=kringwinkel.slug,
                           enterprise_number=kringwinkel.enterprise_number, **{
                               "memberships-TOTAL_FORMS": "1", "memberships-0-user": maasland_coordinator.pk})
    response = client.post(f"/admin/enterprises/socialenterprise/{kringwinkel.pk}/change/", form,
                           HTTP_HOST=MAASLAND_HOST)
    assert response.status_code == 200 and not kringwinkel.memberships.exists()
