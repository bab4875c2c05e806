import datetime
import io

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from regie.models import AuditEvent
from tests.clock import at
from tests.factories import FirmMembershipFactory, ServiceCategoryFactory, SocialEnterpriseFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def profile_data(enterprise, **changes):
    data = {
        "summary_nl": enterprise.summary_nl, "summary_fr": "", "summary_en": "",
        "description_nl": "", "description_fr": "", "description_en": "",
        "services_nl": "", "services_fr": "", "services_en": "",
        "website": "", "email": "info@example.org", "phone": "",
    }
    data.update(changes)
    return data


def png(size=(40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "logo.png"
    return buffer


def test_partner_home_requires_login(client):
    response = client.get("/nl/partner/")
    assert response.status_code == 302
    assert response["Location"].startswith("/nl/partner/aanmelden/")


def test_firm_user_logs_in_and_sees_their_firm(client, firm_user, enterprise):
    response = client.post("/nl/partner/aanmelden/", {"username": firm_user.username, "password": PASSWORD},
                           follow=True)
    assert response.redirect_chain[-1][0] == "/nl/partner/"
    assert enterprise.name in response.content.decode()


def test_wrong_password_gets_a_message_not_a_500(client, firm_user):
    response = client.post("/nl/partner/aanmelden/", {"username": firm_user.username, "password": "nope"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_logout(client, firm_user):
    client.force_login(firm_user)
    client.post("/nl/partner/afmelden/")
    assert client.get("/nl/partner/").status_code == 302


def test_password_reset_mails_a_link_that_sets_a_new_password(client, firm_user):
    client.post("/nl/partner/wachtwoord-vergeten/", {"email": firm_user.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "nieuw wachtwoord" in message.subject
    link = next(line for line in message.body.splitlines() if "/nl/partner/wachtwoord-instellen/" in line)
    assert link.startswith("http://testserver/nl/partner/wachtwoord-instellen/")  # the regie's primary host
    path = link.removeprefix("http://testserver").strip()
    form_page = client.get(path, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    new_password = "een-nieuw-lang-wachtwoord"
    done = client.post(set_url, {"new_password1": new_password, "new_password2": new_password}, follow=True)
    assert "Wachtwoord bewaard" in done.content.decode()
    logged_in = client.post("/nl/partner/aanmelden/", {"username": firm_user.username,
                                                       "password": "een-nieuw-lang-wachtwoord"})
    assert logged_in.status_code == 302 and "_auth_user_id" in client.session


def test_password_reset_for_unknown_address_looks_the_same(client):
    response = client.post("/nl/partner/wachtwoord-vergeten/", {"email": "nobody@example.org"}, follow=True)
    assert "Kijk in je mailbox" in response.content.decode()
    assert mail.outbox == []


def test_firm_user_edits_the_profile_and_it_is_audited(client, firm_user, enterprise):
    category = ServiceCategoryFactory(name_nl="Fietsherstel")
    client.force_login(firm_user)
    url = reverse("partner:profile", args=[enterprise.slug])
    data = profile_data(enterprise, summary_nl="Nieuwe samenvatting", summary_fr="Nouveau résumé",
                        phone="+32 12 34 56 78", categories=[category.pk], logo=png())
    response = client.post(url, data)
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.summary_nl == "Nieuwe samenvatting" and enterprise.summary_fr == "Nouveau résumé"
    assert list(enterprise.categories.all()) == [category]
    assert enterprise.logo.name.startswith("logos/")
    event = AuditEvent.objects.get(action="enterprise.profile_updated")
    assert event.actor == firm_user and event.obj == enterprise
    assert set(event.data["fields"]) >= {"summary_nl", "summary_fr", "phone", "logo", "categories"}
    assert "Nieuwe samenvatting" in client.get(enterprise.get_absolute_url()).content.decode()


def test_saving_without_changes_writes_no_audit_event(client, firm_user, enterprise):
    client.force_login(firm_user)
    client.post(reverse("partner:profile", args=[enterprise.slug]), profile_data(enterprise))
    assert not AuditEvent.objects.filter(action="enterprise.profile_updated").exists()


def test_firm_user_cannot_see_or_edit_another_firm(client, firm_user):
    other = SocialEnterpriseFactory(name="Andere Firma", summary_nl="Origineel")
    client.force_login(firm_user)
    url = reverse("partner:profile", args=[other.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, profile_data(other, summary_nl="Gekaapt")).status_code == 404
    other.refresh_from_db()
    assert other.summary_nl == "Origineel"
    assert "Andere Firma" not in client.get("/nl/partner/").content.decode()


def test_user_without_firm_is_told_to_contact_the_coordinator(client):
    client.force_login(UserFactory())
    assert "nog niet gekoppeld" in client.get("/nl/partner/").content.decode()


def gif():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")
    buffer.seek(0)
    return buffer


@pytest.mark.parametrize("upload, message", [
    (lambda: io.BytesIO(b"<svg onload=alert(1)></svg>"), "geldige afbeelding"),
    (lambda: io.BytesIO(b"%PDF-1.4 not an image"), "geldige afbeelding"),
    (gif, "PNG-, JPEG- of WebP-afbeelding"),
    (lambda: io.BytesIO(b""), ""),
])
def test_logo_must_be_an_image(client, firm_user, enterprise, upload, message):
    client.force_login(firm_user)
    file = upload()
    file.name = "logo.png"
    response = client.post(reverse("partner:profile", args=[enterprise.slug]), profile_data(enterprise, logo=file))
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert message in response.content.decode()
    enterprise.refresh_from_db()
    assert not enterprise.logo


def test_logo_size_is_limited(client, firm_user, enterprise, settings):
    settings.LOGO_MAX_BYTES = 1000
    client.force_login(firm_user)
    big = png(size=(400, 400))
    response = client.post(reverse("partner:profile", args=[enterprise.slug]), profile_data(enterprise, logo=big))
    assert "te groot" in response.content.decode()


def test_dutch_summary_is_required_and_errors_show_next_to_the_field(client, firm_user, enterprise):
    client.force_login(firm_user)
    response = client.post(reverse("partner:profile", args=[enterprise.slug]),
                           profile_data(enterprise, summary_nl="", website="geen url"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="error_1_id_summary_nl"' in body or "invalid-feedback" in body
    enterprise.refresh_from_db()
    assert enterprise.summary_nl  # nothing half-saved


def test_membership_of_several_firms(client):
    user = UserFactory()
    a, b = FirmMembershipFactory(user=user).enterprise, FirmMembershipFactory(user=user).enterprise
    client.force_login(user)
    body = client.get("/nl/partner/").content.decode()
    assert a.name in body and b.name in body


def test_wrong_passwords_lock_that_username_from_that_address_only(client, firm_user, settings):
    """README: log-ins are locked per username and address after 10 wrong passwords, for 15 minutes."""
    settings.AXES_ENABLED = True
    start = timezone.now()
    with at(start):
        for _ in range(9):
            wrong = client.post("/nl/partner/aanmelden/", {"username": firm_user.username, "password": "wrong"})
            assert wrong.status_code == 200 and "Te veel mislukte aanmeldingen" not in wrong.content.decode()
        tenth = client.post("/nl/partner/aanmelden/", {"username": firm_user.username, "password": "wrong"})
        assert tenth.status_code == 429
        refused = client.post("/nl/partner/aanmelden/", {"username": firm_user.username, "password": PASSWORD})
        assert refused.status_code == 429 and "Te veel mislukte aanmeldingen" in refused.content.decode()
        assert int(refused["Retry-After"]) == 900 and "_auth_user_id" not in client.session
        elsewhere = Client(REMOTE_ADDR="10.1.1.1")  # the same user from another address still gets in
        assert elsewhere.post("/nl/partner/aanmelden/", {"username": firm_user.username, "password": PASSWORD}
                              ).status_code == 302
    last = start + datetime.timedelta(minutes=14, seconds=59)
    with at(last):
        still = client.post("/nl/partner/aanmelden/", {"username": firm_user.username, "password": "wrong"})
        assert still.status_code == 429 and "Te veel mislukte aanmeldingen" in still.content.decode()
    with at(last + datetime.timedelta(minutes=15, seconds=1)):  # 15 minutes after the last try
        assert client.post("/nl/partner/aanmelden/", {"username": firm_user.username, "password": PASSWORD}
                           ).status_code == 302
