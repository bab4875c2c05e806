import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from enterprises.models import FirmMembership, Municipality, Postcode, ServiceCategory, SocialEnterprise
from regie.models import Regie
from regie.models.brand import validate_logo
from tests.demo import seed_demo

pytestmark = pytest.mark.django_db


def counts():
    User = get_user_model()
    from vouchers.models import Application, Call, PayoutBatch, Redemption, Voucher

    models = (Municipality, Postcode, ServiceCategory, SocialEnterprise, FirmMembership, User, Call, Application,
              Voucher, Redemption, PayoutBatch)
    return [m.objects.count() for m in models]


@pytest.mark.slow  # region and catalogue (enterprises/demo_data.py): no date rule; CI runs it once
def test_seed_demo_loads_the_region_and_the_demo_catalogue():
    seed_demo()
    zuidoost = Regie.objects.get(short_name="zuidoost")
    municipalities = set(Municipality.objects.filter(postcodes__areas__regie=zuidoost).values_list("name_nl",
                                                                                                   flat=True))
    assert municipalities == {"Tongeren-Borgloon", "Bilzen-Hoeselt", "Riemst", "Voeren"}  # since 1 January 2025
    codes = set(Postcode.objects.filter(municipality__name_nl__in=municipalities).values_list("code", flat=True))
    assert codes == {"3700", "3840", "3740", "3742", "3746", "3730", "3732", "3770", "3790", "3791", "3792", "3793",
                     "3798"}
    assert Postcode.objects.get(place_nl="'s-Gravenvoeren").place_fr == "Fouron-le-Comte"
    assert ServiceCategory.objects.count() >= 12
    assert all(c.name_fr and c.name_en for c in ServiceCategory.objects.all())
    enterprises = SocialEnterprise.objects.published_by(zuidoost)
    assert enterprises.count() >= 24 and all(e.is_demo for e in enterprises)
    spread = set(enterprises.values_list("postcode__municipality__slug", flat=True))
    assert spread == {"tongeren-borgloon", "bilzen-hoeselt", "riemst", "voeren"}


@pytest.mark.slow  # logins and groups: no date rule; CI runs it once
def test_seed_demo_creates_working_logins():
    seed_demo()
    User = get_user_model()
    coordinator = User.objects.get(username="coordinator")
    assert coordinator.is_staff and not coordinator.is_superuser
    assert coordinator.groups.filter(name="Coördinatoren").exists()
    assert coordinator.check_password("demo-coordinator-2026")
    partner = User.objects.get(username="partner-groenehand")
    assert not partner.is_staff and partner.firm_memberships.count() == 1


@pytest.mark.django_db(transaction=True)  # real commits: the cheque PDFs are stored after commit
def test_seed_demo_adds_a_call_with_applications_in_every_state_and_cheques():
    from django.core import mail

    from vouchers.models import Application, Call, Voucher

    seed_demo()
    assert mail.outbox == []  # demo data mails no one
    call = Call.objects.get(name="Oproep 2026 (demo)")
    assert call.is_open()
    states = set(Application.objects.filter(call=call).values_list("status", flat=True))
    assert states == {"submitted", "verified", "waitlisted", "approved", "rejected", "withdrawn"}
    cheques = set(Voucher.objects.values_list("status", flat=True))
    assert {"issued", "cancelled"} <= cheques
    assert any(v.current_status() == "expired" for v in Voucher.objects.all())
    assert all(v.pdf for v in Voucher.objects.filter(status="issued"))
    live = Voucher.objects.filter(call=call).exclude(status__in=["cancelled", "expired"]).count()
    assert call.committed == 500 * live


@pytest.mark.django_db(transaction=True)
def test_seed_demo_adds_redemptions_in_every_state_and_a_paid_batch():
    from vouchers.models import PayoutBatch, Redemption

    seed_demo()
    assert set(Redemption.objects.values_list("status", flat=True)) == {
        "submitted", "confirmed", "contested", "rejected", "approved", "paid"}
    assert PayoutBatch.objects.get().status == "paid"
    assert {"partly_used", "used_up"} <= set(Redemption.objects.values_list("voucher__status", flat=True))


def test_seed_demo_answers_a_follow_up_the_dashboard_can_quote():
    from vouchers.models import FollowUp
    from vouchers.reports.figures import Scope, followup_answers

    seed_demo()
    assert FollowUp.objects.filter(answer="").count() == 0
    counts, quotes = followup_answers(Scope())
    assert counts["business"]["still"] == 1 and counts["firm"]["planned"] == 1
    assert [quote["voucher__application__company_name"] for quote in quotes] == ["Transport Houben"]


def test_seed_demo_is_idempotent():
    seed_demo()
    first = counts()
    seed_demo()
    assert counts() == first


@pytest.mark.slow  # IBANs: no date rule; CI runs it once
def test_every_demo_firm_has_its_own_valid_iban_not_the_regies():
    from stdnum.be import iban

    seed_demo()
    ibans = list(SocialEnterprise.objects.filter(is_demo=True).values_list("iban", flat=True))
    assert all(iban.is_valid(number) for number in ibans)
    regies = set(Regie.objects.values_list("iban", flat=True))
    assert len(set(ibans)) == len(ibans) and regies and not regies & set(ibans)


def test_seed_demo_refuses_to_run_with_debug_off_unless_told():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="load_region"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not SocialEnterprise.objects.exists() and not get_user_model().objects.exists()


def test_seed_demo_queues_and_sends_no_mail_whatever_the_task_backend(settings):
    from django.core import mail
    from django_tasks_db.models import DBTaskResult

    from regie.models import OutgoingMail

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "regie.mail.outbox.OutboxEmailBackend"
    seed_demo()
    assert not DBTaskResult.objects.exists() and not OutgoingMail.objects.exists() and mail.outbox == []


def test_load_region_loads_only_the_region_and_can_run_again():
    for _ in range(2):
        call_command("load_region", stdout=io.StringIO())
    assert Municipality.objects.count() == 4 and Postcode.objects.count() >= 60
    assert Postcode.objects.get(place_nl="Moelingen").place_fr == "Mouland"
    assert Municipality.objects.get(slug="voeren").name_fr == "Fourons"
    assert not SocialEnterprise.objects.exists() and not get_user_model().objects.exists()


@pytest.mark.slow
def test_seed_demo_adds_an_upcoming_and_a_past_networking_moment_with_their_introductions():
    """The past meeting's story is played through the services and then back-dated (the clock is never faked:
    the audit log says when the demo was made); its times hold together as a real meeting's would."""
    from django.utils import timezone

    from networking.models import Introduction, Meeting
    from regie.models import AuditEvent

    started = timezone.now()
    seed_demo()
    assert not AuditEvent.objects.filter(created_at__lt=started).exists()
    upcoming = Meeting.objects.with_counts().get(slug="netwerkmoment-tongeren")
    assert (upcoming.title_fr, upcoming.capacity, upcoming.registered_count) == (
        "Moment de réseautage à Tongres", 40, 13)
    assert upcoming.registrations.filter(kind="firm", user__username="partner-groenehand").exists()
    past = Meeting.objects.with_counts().get(slug="netwerkmoment-bilzen")
    assert (past.registered_count, past.attended_count, past.wishes.count()) == (11, 9, 7)
    assert set(Introduction.objects.values_list("source", flat=True)) == {"application", "registration", "wish"}
    assert list(Introduction.objects.filter(enterprise__slug="de-groene-hand").order_by("created_at").values_list(
        "company_name", "outcome")) == [("Tuincentrum De Haspengouwse Hof", "quote"), ("Moonen Bouw", "contacted"),
                                        ("Garage Tongria Motors", "new"), ("Kinderopvang 't Kasteeltje", "new")]
    attended = past.registrations.filter(checked_in_at__isnull=False)
    assert not past.registrations.filter(created_at__gte=past.registration_closes_at).exists()
    assert {timezone.localdate(r.checked_in_at) for r in attended} == {timezone.localdate(past.starts_at)}
    assert not past.wishes.filter(created_at__lte=past.ends_at).exists() and past.ends_at < started
    wished = Introduction.objects.filter(registration__meeting=past, source="wish")
    assert wished.count() == 2 and not wished.filter(created_at__lte=past.ends_at).exists()
    before = (Meeting.objects.count(), past.registrations.count(), Introduction.objects.count())
    seed_demo()
    assert (Meeting.objects.count(), past.registrations.count(), Introduction.objects.count()) == before == (2, 11, 55)


@pytest.mark.slow  # demo data per test; no date rule
def test_seed_demo_makes_a_second_fictional_regie_beside_the_first(client):
    """Maasland: marked demo, on its own host, with its own area, programme name, firms (one shared with
    Zuidoost-Limburg, whose partner sees both), call and cheques; the demo coordinator works for both regies."""
    from vouchers.models import Call, Redemption

    seed_demo(second_regie=True)
    maasland = Regie.objects.get(short_name="maasland")
    assert maasland.is_demo and maasland.primary_host == "maasland.localhost"
    home = client.get("/nl/", HTTP_HOST="maasland.localhost").content.decode()
    assert "Proefcheque" in home and "Tongeren" not in home
    assert "met een vestiging in Dilsen-Stokkem, Lanaken of Maasmechelen." in home
    assert f'<img class="brand-logo" src="{maasland.logo.url}"' in home  # a made-up logo, valid as one uploaded
    validate_logo(maasland.logo)
    catalogue = client.get("/nl/ondernemingen/", HTTP_HOST="maasland.localhost").content.decode()
    assert "Maaswerk Groen" in catalogue and "Kringwinkel Maasland-Riemst" in catalogue
    assert "De Groene Hand" not in catalogue
    assert "Maaswerk Groen" not in client.get("/nl/ondernemingen/").content.decode()  # the test regie: zuidoost
    assert Call.objects.filter(regie=maasland).count() == 1
    assert Redemption.objects.filter(voucher__call__regie=maasland).count() == 2
    coordinator = get_user_model().objects.get(username="coordinator")
    assert set(Regie.objects.staffed_by(coordinator).values_list("short_name", flat=True)) == {"maasland",
                                                                                               "zuidoost"}
    assert not Regie.objects.get(short_name="zuidoost").is_demo  # the programme's own regie, demo bank details
