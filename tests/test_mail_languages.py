"""Every mail kind, as its reader gets it: in their language (a firm user's and a staff member's own, a
business's application language), with links in that language, an unescaped subject, and an HTML part that
says exactly what the plain text says, with the same links."""
import datetime
import itertools
import re
from html import escape, unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from networking import introduction_mails, tasks as networking_tasks
from networking.services import wishes
from regie.accounts import two_factor_lock
from regie.accounts.groups import COORDINATORS
from regie.accounts.languages import choose_language, preferred_language
from tests.factories import FirmMembershipFactory, RegieFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import redeem
from tests.support.networking import IntroductionFactory, MeetingFactory, RegistrationFactory
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import notifications, remittance, services, tasks
from vouchers.models import FollowUp, Payment, PayoutBatch

pytestmark = pytest.mark.django_db

COMPANY, FIRM = "Zoë's Hoeve & Co", "Bakker & Zonen"
CALL = {"nl": "Oproep 2026 – Bilzen & Voeren", "fr": "Appel 2026 – Bilzen & Fourons"}
SITE = "http://testserver"  # the primary host of the test regie (tests/conftest.py)
MEETING = {"nl": "Netwerkmoment 'Bilzen & Voeren'", "fr": "Moment de réseautage «\u00a0Bilzen & Fourons\u00a0»"}

# What a reader of each language sees in the subject (and, for some, the body) of each kind.
SUBJECTS = {
    "redemption_approved": {"nl": "goedgekeurd", "fr": "approuvé"},
    "redemption_check_requested": {"nl": "Steekproef", "fr": "Contrôle aléatoire"},
    "redemption_confirmed": {"nl": "bevestigd", "fr": "confirmé"},
    "remittance_advice": {"nl": "Betalingsadvies: EUR 125,50 aan Bakker & Zonen",
                          "fr": "Avis de paiement\u00a0: EUR 125,50 à Bakker & Zonen"},
    "redemption_rejected": {"nl": "geweigerd", "fr": "refusé"},
    "payment_returned": {"nl": "Overschrijving van EUR 125,50 teruggekomen", "fr": "Virement de 125,50 EUR retourné"},
    "coordinator_check_proof": {"nl": "Bewijs voor de steekproef", "fr": "Preuve pour le contrôle aléatoire"},
    "followup_question": {"nl": f"Leidde de Kennismakingscheque tot meer werk met {COMPANY}?",
                          "fr": f"Le programme Chèque découverte a-t-il mené à plus de travail avec {COMPANY}\u00a0?"},
    "followup_reminder": {"nl": "Herinnering", "fr": "Rappel"},
    "password_reset": {"nl": "Kies een nieuw wachtwoord", "fr": "Choisissez un nouveau mot de passe"},
    "coordinator_new_application": {"nl": f"Nieuwe aanvraag te beoordelen: {COMPANY}",
                                    "fr": f"Nouvelle demande à examiner\u00a0: {COMPANY}"},
    "coordinator_redemption_contested": {"nl": "Inwisseling betwist", "fr": "Encaissement contesté"},
    "applicant_link": {"nl": "Je link naar je aanvraag", "fr": "Votre lien vers votre demande"},
    "application_approved": {"nl": "Je Kennismakingscheque", "fr": "Votre Chèque découverte"},
    "application_confirm": {"nl": "Bevestig je aanvraag", "fr": "confirmez votre demande"},
    "application_rejected": {"nl": "Je aanvraag voor de Kennismakingscheque",
                             "fr": "Chèque découverte\u00a0: votre demande"},
    "application_verified": {"nl": "We hebben je aanvraag ontvangen", "fr": "Nous avons bien reçu votre demande"},
    "application_waitlisted": {"nl": "wachtlijst", "fr": "liste d'attente"},
    "application_voided": {"nl": "ongeldig verklaard", "fr": "déclarée nulle"},
    "application_conflict": {"nl": "Een andere aanvraag voor je ondernemingsnummer",
                             "fr": "Une autre demande pour votre numéro"},
    "voucher_cancelled": {"nl": "geannuleerd", "fr": "Annulation de votre"},
    "voucher_expiring": {"nl": "vervalt op", "fr": "expire le"},
    "voucher_extended": {"nl": "nu geldig tot", "fr": "maintenant valable jusqu'au"},
    "redemption_submitted": {"nl": f"{FIRM} gebruikte je Kennismakingscheque", "fr": f"{FIRM} a utilisé votre"},
    "two_factor_locked": {"nl": "Je aanmeldcodes zijn geblokkeerd", "fr": "Vos codes de connexion sont bloqués"},
    "business_followup_question": {"nl": f"Werken jullie nog samen met {FIRM}?",
                                   "fr": f"Travaillez-vous toujours avec {FIRM}\u00a0?"},
    "meeting_registered": {"nl": f"Je bent ingeschreven: {MEETING['nl']}",
                           "fr": f"Vous êtes inscrit(e)\u00a0: {MEETING['fr']}"},
    "meeting_waiting": {"nl": f"Op de wachtlijst: {MEETING['nl']}",
                        "fr": f"Sur la liste d'attente\u00a0: {MEETING['fr']}"},
    "meeting_moved_up": {"nl": f"Er kwam een plaats vrij: je bent ingeschreven voor {MEETING['nl']}",
                         "fr": f"Une place s'est libérée\u00a0: vous êtes inscrit(e) à {MEETING['fr']}"},
    "meeting_cancelled": {"nl": f"Inschrijving geannuleerd: {MEETING['nl']}",
                          "fr": f"Inscription annulée\u00a0: {MEETING['fr']}"},
    "meeting_reminder": {"nl": f"Morgen: {MEETING['nl']}", "fr": f"Demain\u00a0: {MEETING['fr']}"},
    "meeting_wishes": {"nl": f"{MEETING['nl']}: wie wil je opnieuw ontmoeten?",
                       "fr": f"{MEETING['fr']}\u00a0: qui souhaitez-vous revoir\u00a0?"},
    "meeting_changed": {"nl": f"Gewijzigd: {MEETING['nl']}", "fr": f"Modifié\u00a0: {MEETING['fr']}"},
    "introduction_each_other": {"nl": f"Jullie willen elkaar allebei opnieuw ontmoeten: {FIRM}",
                                "fr": f"Vous souhaitez tous deux vous revoir\u00a0: {FIRM}"},
    "introduction_firm_details": {"nl": f"Jullie willen elkaar allebei opnieuw ontmoeten: {FIRM}",
                                  "fr": f"Vous souhaitez tous deux vous revoir\u00a0: {FIRM}"},
    "introduction_new": {"nl": f"Introductie: {COMPANY} wil graag kennismaken met je onderneming",
                         "fr": f"Mise en relation\u00a0: {COMPANY} souhaite faire connaissance avec votre entreprise"},
}
GREETING = {"nl": ("Hallo", "Beste"), "fr": ("Bonjour",)}
FIRM_KINDS = ["redemption_approved", "redemption_check_requested", "redemption_confirmed", "remittance_advice",
              "payment_returned", "redemption_rejected", "followup_question", "followup_reminder", "password_reset",
              "two_factor_locked"]
STAFF_KINDS = ["coordinator_new_application", "coordinator_redemption_contested", "coordinator_check_proof",
               "password_reset", "two_factor_locked"]
BUSINESS_KINDS = ["applicant_link", "application_approved", "application_confirm", "application_conflict",
                  "application_rejected", "application_voided",
                  "application_verified", "application_waitlisted", "voucher_cancelled", "voucher_expiring",
                  "voucher_extended", "redemption_submitted", "business_followup_question"]
# A registrant of a networking moment: the status its registration has when a mail of that kind goes out.
REGISTRANT_KINDS = {"meeting_registered": "registered", "meeting_waiting": "waiting", "meeting_moved_up": "registered",
                    "meeting_cancelled": "cancelled", "meeting_reminder": "registered", "meeting_wishes": "registered",
                    "meeting_changed": "registered", "introduction_each_other": "registered",
                    "introduction_firm_details": "registered"}
NETWORKING_FIRM_KINDS = ["introduction_new"]


def user_reading(language, **fields):
    user = UserFactory(**fields)
    choose_language(user=user, language=language, by=user)
    return user


@pytest.fixture
def scene():
    """A business "Zoë's Hoeve & Co" with a cheque, redeemed at the firm "Bakker & Zonen", in a call named with '&'."""
    call = CallFactory(name=CALL["nl"], name_fr=CALL["fr"])
    application = ApplicationFactory(call=call, company_name=COMPANY, contact_name="Zoë D'Hondt")
    voucher = services.issue_voucher(application=application, by=UserFactory(is_staff=True))
    membership = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(name=FIRM))
    redemption = redeem(voucher, membership)
    redemption.contest_reason = "Nooit <geleverd> & niet besteld"
    redemption.rejection_reason = "Factuur van 'vorig jaar' & onleesbaar"
    redemption.paid_at, redemption.batch = timezone.localdate(), PayoutBatch(reference="UITB-2026-0001")
    return {"application": application, "voucher": voucher, "firm": membership.enterprise, "redemption": redemption}


def followup(scene, respondent):
    """Asked as the task asks it: read back from the database."""
    asked = FollowUp.objects.create(voucher=scene["voucher"], enterprise=scene["firm"], respondent=respondent,
                                    sent_at=timezone.now())
    return FollowUp.objects.select_related("voucher__application", "enterprise").get(pk=asked.pk)


def paid(scene):
    """The transfer that paid the scene's redemption, as the statement or finance marks it paid."""
    today = timezone.localdate()
    batch = PayoutBatch.objects.create(regie=scene["voucher"].call.regie, reference="UITB-2026-0001",
                                       message_id="REGIE-UITB-2026-0001-1",
                                       execution_date=today, file_created_at=timezone.now())
    payment = Payment.objects.create(
        batch=batch, end_to_end_id="UITB-2026-0001-F1", enterprise=scene["firm"], creditor_name=FIRM,
        iban="BE21001234567803", communication="+++000/0100/00191+++", amount=scene["redemption"].amount, status="paid",
        booked_on=today)
    payment.redemptions.set([scene["redemption"]])
    return payment


def returned(payment):
    """The bank sent the transfer back (a closed account)."""
    payment.status, payment.returned_on = "returned", payment.booked_on
    payment.return_reason_code, payment.return_reason = "AC04", "Closed account"
    payment.save(update_fields=["status", "returned_on", "return_reason_code", "return_reason"])
    return payment


def mail_about_locked_codes(user):
    """The mail the 5th wrong code in a row sends (regie.accounts.two_factor_lock), in the user's language."""
    return two_factor_lock._mail_owner(user, timezone.now() + datetime.timedelta(seconds=16),
                                       language=preferred_language(user, default="nl"), regie=RegieFactory())


def send_to_firm(kind, scene, client, user):
    if kind == "two_factor_locked":
        return mail_about_locked_codes(user)
    if kind == "password_reset":
        return client.post("/nl/partner/wachtwoord-vergeten/", {"email": user.email})
    if kind.startswith("followup"):
        return notifications.mail_followup(followup(scene, "firm"), kind)
    if kind == "remittance_advice":
        return remittance.mail_advice(paid(scene))
    if kind == "payment_returned":
        return tasks.mail_payment_returned.enqueue(returned(paid(scene)).pk)
    return notifications.mail_firm_about_redemption(scene["redemption"], kind)


def send_to_staff(kind, scene, client, user):
    if kind == "two_factor_locked":
        return mail_about_locked_codes(user)
    if kind == "password_reset":
        return client.post("/nl/partner/wachtwoord-vergeten/", {"email": user.email})
    if kind == "coordinator_new_application":
        return notifications.mail_coordinators(scene["application"])
    if kind == "coordinator_check_proof":
        return notifications.mail_coordinators_about_check_proof(scene["redemption"])
    return notifications.mail_coordinators_about_redemption(scene["redemption"])


def send_to_business(kind, scene):
    if kind == "business_followup_question":
        return notifications.mail_followup(followup(scene, "business"), "followup_question")
    if kind == "redemption_submitted":
        return notifications.mail_customer_about_redemption(scene["redemption"], kind)
    return notifications.mail_applicant(scene["application"], kind, voucher=scene["voucher"],
                                        reason="Buiten de regio & te laat")


def send_to_registrant(kind, registration):
    """Through the task that sends it (the worker runs it at once in tests)."""
    if kind == "meeting_wishes":
        return wishes.mail_wishes.enqueue(registration.pk)
    if kind == "introduction_each_other":
        other = RegistrationFactory(meeting=registration.meeting, company_name=FIRM, contact_name="Jan Bakker",
                                    email="jan@bakker.example", language="nl")
        return introduction_mails.mail_each_other.enqueue(registration.pk, other.pk)
    if kind == "introduction_firm_details":
        firm = SocialEnterpriseFactory(name=FIRM, email="info@bakker.example", website="")
        return introduction_mails.mail_firm_details.enqueue(registration.pk, firm.pk)
    if kind == "meeting_changed":  # the place moved from Bilzen to the meeting's Tongeren
        return networking_tasks.mail_meeting_changed.enqueue(registration.pk, {"city": ["Bilzen", "Tongeren"]})
    return networking_tasks.mail_registration.enqueue(registration.pk, kind.removeprefix("meeting_"))


def html_part(message):
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def text_of_html(html):
    """What a reader of the HTML part reads below its heading, as plain text."""
    body = html.split("</h1>", 1)[1].rsplit("</div>", 1)[0]
    return unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br>|</p>", "\n", body)))


def assert_reads_well(message, language):
    """Unescaped subject and text, links in the reader's language, an HTML part with the same words and links."""
    for part in (message.subject, message.body):
        assert "&#" not in part and "&amp;" not in part and "&quot;" not in part
    links = re.findall(r"https?://\S+", message.body)
    for link in links:
        assert link.startswith(SITE)
        path = link.removeprefix(SITE)
        assert path.startswith((f"/{language}/", "/admin/")), link
    html = html_part(message)
    assert f'<html lang="{language}"' in html and "<h1 " in html and escape(message.subject) + "</h1>" in html
    assert text_of_html(html).split() == message.body.split()
    assert sorted(re.findall(r'href="(http[^"]+)"', html)) == sorted(escape(link) for link in links)
    addresses = re.findall(r"[\w.+-]+@[\w.-]+\w", message.body)
    assert sorted(re.findall(r'href="mailto:([^"]+)"', html)) == sorted(addresses)
    assert "<img" not in html and "<style" not in html and "<script" not in html


def assert_in_language(message, kind, language):
    other = {"nl": "fr", "fr": "nl"}[language]
    assert SUBJECTS[kind][language] in message.subject
    assert SUBJECTS[kind][other] not in message.subject
    assert message.extra_headers["Content-Language"] == language


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("kind", FIRM_KINDS)
def test_a_firm_user_reads_every_mail_in_their_language(kind, language, scene, client):
    user = user_reading(language)
    FirmMembershipFactory(enterprise=scene["firm"], user=user)
    send_to_firm(kind, scene, client, user)
    [message] = [m for m in mail.outbox if user.email in m.to]
    assert_in_language(message, kind, language)
    assert message.body.startswith(GREETING[language])
    assert_reads_well(message, language)
    if kind != "redemption_check_requested":  # that one asks for a reply with proof
        words = {"nl": "partner|opvolging", "fr": "partenaire|suivi"}[language]  # the portal, the follow-up
        assert re.search(rf"{SITE}/{language}/({words})/", message.body)
        assert f'href="{SITE}/{language}/' in html_part(message)
    if kind in ("redemption_check_requested", "followup_question", "followup_reminder", "remittance_advice"):
        assert COMPANY in message.body and COMPANY in text_of_html(html_part(message))
    if kind == "redemption_rejected":
        assert "Factuur van 'vorig jaar' & onleesbaar" in message.body


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("kind", STAFF_KINDS)
def test_a_coordinator_reads_every_mail_in_their_language(kind, language, scene, client):
    user = user_reading(language, is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS))
    send_to_staff(kind, scene, client, user)
    [message] = [m for m in mail.outbox if user.email in m.to]
    assert_in_language(message, kind, language)
    assert_reads_well(message, language)
    if kind == "coordinator_new_application":
        assert CALL[language] in message.body and COMPANY in message.body
        assert f"{SITE}/admin/vouchers/application/{scene['application'].pk}/change/" in message.body
    if kind == "coordinator_redemption_contested":
        assert "Nooit <geleverd> & niet besteld" in message.body and FIRM in message.body
        assert "Nooit &lt;geleverd&gt; &amp; niet besteld" in html_part(message)


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("kind", BUSINESS_KINDS)
def test_a_business_reads_every_mail_in_the_language_of_its_application(kind, language, scene):
    scene["application"].language = language
    scene["application"].save(update_fields=["language"])
    send_to_business(kind, scene)
    [message] = [m for m in mail.outbox if m.to == [scene["application"].email]]
    assert_in_language(message, kind, language)
    assert message.body.startswith(GREETING[language]) and "Zoë D'Hondt" in message.body
    assert_reads_well(message, language)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("kind", REGISTRANT_KINDS)
def test_a_registrant_of_a_networking_moment_reads_every_mail_in_the_language_they_registered_in(kind, language):
    meeting = MeetingFactory(title_nl=MEETING["nl"], title_fr=MEETING["fr"])
    registration = RegistrationFactory(meeting=meeting, company_name=COMPANY, contact_name="Zoë D'Hondt",
                                       email="zoe@hoeve.example", language=language, status=REGISTRANT_KINDS[kind])
    send_to_registrant(kind, registration)
    [message] = [m for m in mail.outbox if m.to == ["zoe@hoeve.example"]]
    assert_in_language(message, kind, language)
    assert message.body.startswith(GREETING[language]) and "Zoë D'Hondt" in message.body
    assert_reads_well(message, language)
    if kind == "introduction_each_other":
        assert "jan@bakker.example" in message.body and "Jan Bakker" in message.body
    elif kind == "introduction_firm_details":
        assert "info@bakker.example" in message.body and FIRM in message.body
    else:
        assert re.search(rf"{SITE}/{language}/\S+/", message.body)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("kind", NETWORKING_FIRM_KINDS)
def test_a_firm_user_reads_a_new_introduction_in_their_language(kind, language, scene):
    user = user_reading(language)
    FirmMembershipFactory(enterprise=scene["firm"], user=user)
    introduction = IntroductionFactory(enterprise=scene["firm"], company_name=COMPANY, contact_name="Zoë D'Hondt",
                                       email="zoe@hoeve.example", looking_for="Soep & brood voor <20> mensen",
                                       source="registration", registration=RegistrationFactory())
    introduction_mails.mail_introduction.enqueue(introduction.pk)
    [message] = [m for m in mail.outbox if user.email in m.to]
    assert_in_language(message, kind, language)
    assert message.body.startswith(GREETING[language])
    assert_reads_well(message, language)
    assert "zoe@hoeve.example" in message.body and "Soep & brood voor <20> mensen" in message.body
    words = {"nl": "partner", "fr": "partenaire"}[language]
    assert f"{SITE}/{language}/{words}/" in message.body


def test_every_mail_kind_is_covered():
    kinds = {path.name.removesuffix("_subject.txt") for path in Path(settings.BASE_DIR, "templates/emails").glob(
        "*_subject.txt")}
    covered = set(FIRM_KINDS + STAFF_KINDS + BUSINESS_KINDS + list(REGISTRANT_KINDS) + NETWORKING_FIRM_KINDS) - {
        "business_followup_question", "password_reset"}
    assert kinds == covered


def test_a_mail_to_several_users_goes_out_once_per_language(scene):
    readers = {language: [user_reading(language, is_staff=True) for _ in range(n)]
               for language, n in [("nl", 2), ("fr", 1)]}
    group = Group.objects.get(name=COORDINATORS)
    for user in readers["nl"] + readers["fr"]:
        user.groups.add(group)
    FirmMembershipFactory(enterprise=scene["firm"], user=user_reading("fr"))
    notifications.mail_coordinators(scene["application"])
    notifications.mail_firm_about_redemption(scene["redemption"], "redemption_confirmed")
    to_coordinators = {m.extra_headers["Content-Language"]: sorted(m.to) for m in mail.outbox[:2]}
    assert to_coordinators == {language: sorted(u.email for u in users) for language, users in readers.items()}
    to_firm = {m.extra_headers["Content-Language"]: m.to for m in mail.outbox[2:]}
    firm_users = scene["firm"].memberships.select_related("user")
    assert len(mail.outbox) == 4 and sorted(to_firm) == ["fr", "nl"]
    assert sorted(itertools.chain.from_iterable(to_firm.values())) == sorted(m.user.email for m in firm_users)
    assert "/fr/partenaire/" in next(m.body for m in mail.outbox[2:] if m.to == to_firm["fr"])


def test_a_firm_without_users_is_written_to_at_its_own_address_in_dutch(scene):
    scene["firm"].memberships.all().delete()
    scene["firm"].email = "info@bakker.example"
    notifications.mail_firm_about_redemption(scene["redemption"], "redemption_approved")
    [message] = mail.outbox
    assert message.to == ["info@bakker.example"] and "goedgekeurd" in message.subject
    assert f"{SITE}/nl/partner/" in message.body
