"""Mails and pages name the regie's own programme (issue 20, point 1): `regie.programme_name` in the reader's
language, never regie 1's "introduction cheque". A business of Maasland reads about its Proefcheque (in French its
Chèque d'essai) in every mail about its application, cheque, redemption and follow-up, and on the pages of its
regie's host; a business of regie 1 still reads about its Kennismakingscheque (Chèque découverte)."""
import datetime
from html import unescape

import pytest
from django.core import mail
from django.utils import timezone

from networking import introduction_mails
from regie.accounts.languages import choose_language
from tests.factories import FirmMembershipFactory, RegieFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import redeem
from tests.support.networking import IntroductionFactory
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import links, notifications, services
from vouchers.models import FollowUp

pytestmark = pytest.mark.django_db

COMPANY, FIRM, HOST = "Bakkerij Janssens", "De Groene Hand", "maasland.example"
OLD_NAMES = ("kennismakingscheque", "chèque découverte", "introduction cheque")  # regie 1's, in any case
VALID_UNTIL = timezone.localdate() + datetime.timedelta(days=20)
DATE = f"{VALID_UNTIL:%d/%m/%Y}"

# What a business (or firm) of Maasland reads: (subject, a sentence of the body), in Dutch and in French.
MAASLAND_MAILS = {
    "application_confirm": {
        "nl": ("Bevestig je aanvraag voor de Proefcheque",
               f"Bedankt voor de aanvraag van {COMPANY} voor de Proefcheque."),
        "fr": ("Chèque d'essai\u00a0: confirmez votre demande",
               f"Merci d'avoir demandé votre Chèque d'essai pour {COMPANY}.")},
    "application_approved": {
        "nl": ("Je Proefcheque", "Je Proefcheque zit als bijlage bij deze e-mail."),
        "fr": ("Votre Chèque d'essai", "Vous trouverez votre Chèque d'essai en pièce jointe à cet e-mail.")},
    "application_rejected": {
        "nl": ("Je aanvraag voor de Proefcheque", f"de aanvraag van {COMPANY} voor de Proefcheque werd niet"),
        "fr": ("Chèque d'essai\u00a0: votre demande", f"la demande de {COMPANY} au programme Chèque d'essai n'a pas")},
    "application_voided": {
        "nl": ("Je aanvraag voor de Proefcheque werd ongeldig verklaard",
               f"heeft de aanvraag voor de Proefcheque van {COMPANY} (ondernemingsnummer"),
        "fr": ("Chèque d'essai\u00a0: votre demande a été déclarée nulle", ") au programme Chèque d'essai. Elle")},
    "application_conflict": {
        "nl": ("Een andere aanvraag voor je ondernemingsnummer", "een andere aanvraag voor de Proefcheque bevestigd"),
        "fr": ("Une autre demande pour votre numéro d'entreprise",
               "Une autre demande au programme Chèque d'essai a été")},
    "voucher_cancelled": {
        "nl": ("Je Proefcheque is geannuleerd", f"De Proefcheque van {COMPANY} is geannuleerd"),
        "fr": ("Annulation de votre Chèque d'essai", f"Le chèque de {COMPANY} (Chèque d'essai) a été annulé")},
    "voucher_expiring": {
        "nl": (f"Je Proefcheque vervalt op {DATE}", f"is geldig tot {DATE} en heeft nog EUR 500,00"),
        "fr": (f"Votre Chèque d'essai expire le {DATE}", f"est valable jusqu'au {DATE} et il reste EUR 500,00")},
    "voucher_extended": {
        "nl": (f"Je Proefcheque is nu geldig tot {DATE}", "De coördinator verlengde je Proefcheque "),
        "fr": (f"Votre Chèque d'essai est maintenant valable jusqu'au {DATE}",
               "La coordination a prolongé votre Chèque d'essai ")},
    "redemption_submitted": {
        "nl": (f"{FIRM} gebruikte je Proefcheque: graag bevestigen", "EUR 125,50 van je Proefcheque afgetrokken"),
        "fr": (f"{FIRM} a utilisé votre Chèque d'essai\u00a0: merci de confirmer",
               "a déduit EUR 125,50 de votre Chèque d'essai de sa facture")},
    "business_followup_question": {
        "nl": (f"Werken jullie nog samen met {FIRM}?", f"gebruikte {COMPANY} zijn Proefcheque bij {FIRM}."),
        "fr": (f"Travaillez-vous toujours avec {FIRM}\u00a0?",
               f"{COMPANY} a fait appel à {FIRM} grâce au programme Chèque d'essai.")},
    "firm_followup_question": {
        "nl": (f"Leidde de Proefcheque tot meer werk met {COMPANY}?", f"gebruikte {COMPANY} zijn Proefcheque bij"),
        "fr": (f"Le programme Chèque d'essai a-t-il mené à plus de travail avec {COMPANY}\u00a0?",
               f"{COMPANY} a fait appel à {FIRM} grâce au programme Chèque d'essai.")},
    "introduction_new": {
        "nl": (f"Introductie: {COMPANY} wil graag kennismaken met je onderneming",
               f"{COMPANY} vroeg de Proefcheque aan en wil graag kennismaken met {FIRM}."),
        "fr": (f"Mise en relation\u00a0: {COMPANY} souhaite faire connaissance avec votre entreprise",
               f"{COMPANY} a demandé à bénéficier du programme Chèque d'essai et souhaite")},
}


@pytest.fixture
def maasland():
    return RegieFactory(short_name="maasland", name="Regie Maasland", region_name="Maasland",
                        legal_name="Regie Maasland", enterprise_number="0403170701", iban="BE62510007547061",
                        contact_email="info@maasland.example", sender_email="noreply@maasland.example",
                        programme_name="Proefcheque", programme_name_fr="Chèque d'essai",
                        programme_name_en="Trial cheque", hosts=[HOST])


def cheque_of(regie, language):
    """A business of `regie` reading `language`, with an issued cheque (its approval mail cleared)."""
    application = ApplicationFactory(call=CallFactory(regie=regie), company_name=COMPANY, language=language)
    voucher = services.issue_voucher(application=application, by=UserFactory(is_staff=True, regies=[regie]))
    voucher.valid_until = VALID_UNTIL
    voucher.save(update_fields=["valid_until"])
    return voucher


def firm_user(regie, language):
    """A user, reading `language`, of the firm listed by the regie."""
    membership = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(name=FIRM, listed_by=[regie]))
    choose_language(user=membership.user, language=language, by=membership.user)
    return membership


def send(kind, voucher, language, on_commit):
    """The mail `kind` about the cheque, through the service that sends it where one does."""
    application, by = voucher.application, UserFactory(is_staff=True, regies=[voucher.call.regie])
    with on_commit(execute=True):
        if kind == "voucher_cancelled":
            services.cancel_voucher(voucher=voucher, by=by, reason="Dubbel aangevraagd")
        elif kind == "voucher_expiring":
            services.remind_expiring(today=timezone.localdate())
        elif kind == "voucher_extended":
            voucher.valid_until -= datetime.timedelta(days=10)  # so that the extension leads to VALID_UNTIL
            voucher.save(update_fields=["valid_until"])
            services.extend_voucher(voucher=voucher, by=by, valid_until=VALID_UNTIL, reason="Ziekte")
        elif kind == "redemption_submitted":
            redeem(voucher, firm_user(voucher.call.regie, language))
        elif kind.endswith("followup_question"):
            respondent = kind.split("_")[0]
            followup = FollowUp.objects.create(voucher=voucher, enterprise=firm_user(voucher.call.regie, language).
                                               enterprise, respondent=respondent, sent_at=timezone.now())
            notifications.mail_followup(followup, "followup_question")
        elif kind == "introduction_new":
            introduction = IntroductionFactory(regie=voucher.call.regie, company_name=COMPANY,
                                               enterprise=firm_user(voucher.call.regie, language).enterprise,
                                               application_public_id=application.public_id)
            introduction_mails.mail_introduction.enqueue(introduction.pk)
        elif kind != "application_approved":  # that one went out with the cheque
            notifications.mail_applicant(application, kind, voucher=voucher, reason="Buiten de regio")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def the_mail(subject):
    [message] = [m for m in mail.outbox if m.subject == subject]
    return message


def all_text(message):
    [(html, _mimetype)] = message.alternatives
    return " ".join([message.subject, message.body, html]).lower()


@pytest.mark.parametrize("language", ["nl", "fr"])
@pytest.mark.parametrize("kind", MAASLAND_MAILS)
def test_a_maasland_mail_names_its_own_programme_and_never_regie_1s(kind, language, maasland, on_commit):
    with on_commit(execute=True):
        voucher = cheque_of(maasland, language)
    send(kind, voucher, language, on_commit)
    subject, sentence = MAASLAND_MAILS[kind][language]
    message = the_mail(subject)
    assert sentence in " ".join(message.body.split())  # whatever the line breaks
    assert not any(name in all_text(message) for name in OLD_NAMES)


@pytest.mark.parametrize(("language", "approved", "expiring", "sentence"), [
    pytest.param("nl", "Je Kennismakingscheque", f"Je Kennismakingscheque vervalt op {DATE}",
                 "Je Kennismakingscheque zit als bijlage bij deze e-mail.", id="nl"),
    pytest.param("fr", "Votre Chèque découverte", f"Votre Chèque découverte expire le {DATE}",
                 "Vous trouverez votre Chèque découverte en pièce jointe à cet e-mail.", id="fr"),
])
def test_regie_1s_mails_still_name_its_kennismakingscheque(regie, on_commit, language, approved, expiring, sentence):
    with on_commit(execute=True):
        voucher = cheque_of(regie, language)
    send("voucher_expiring", voucher, language, on_commit)
    assert sentence in " ".join(the_mail(approved).body.split())
    assert the_mail(expiring)


def page(client, path, status=200):
    response = client.get(path, HTTP_HOST=HOST)
    assert response.status_code == status, (path, response.status_code)
    html = " ".join(unescape(response.content.decode()).split())  # d'essai, not d&#x27;essai
    assert not any(name in html.lower() for name in OLD_NAMES), path
    return html


def test_maaslands_pages_name_its_programme(client, maasland):
    assert "No Trial cheque has this code." in page(client, "/en/cheque/ABCD-EFGH-KLMN-PQRS/", status=404)
    assert "Geen enkele Proefcheque heeft deze code." in page(client, "/nl/cheque/ABCD-EFGH-KLMN-PQRS/", status=404)
    assert "Lees hoe de Proefcheque werkt" in page(client, "/nl/bestaat-niet/", status=404)
    assert "in de catalogus van de Proefcheque: houd je profiel actueel" in page(client, "/nl/partner/aanmelden/")
    assert "Regie Maasland gère ce portail pour le programme Chèque d'essai." in page(client, "/fr/vie-privee/")
    assert "Regie Maasland beheert dit portaal voor de Proefcheque." in page(client, "/nl/privacy/")


def test_a_maasland_firms_page_names_its_programme(client, maasland):
    taking = SocialEnterpriseFactory(name=FIRM, email="info@groenehand.example", listed_by=[maasland])
    resting = SocialEnterpriseFactory(name="Kringwinkel Maasland", accepts_cheques=False, listed_by=[maasland])
    html = page(client, f"/nl/ondernemingen/{taking.slug}/")
    assert f"Neem contact op met {FIRM} en vermeld je Proefcheque wanneer je een offerte vraagt." in html
    assert 'href="mailto:info@groenehand.example?subject=Proefcheque"' in html
    assert "Deze onderneming aanvaardt de Proefcheque op dit moment niet." in page(
        client, f"/nl/ondernemingen/{resting.slug}/")
    assert "Cette entreprise n'accepte pas les chèques du programme Chèque d'essai" in page(
        client, f"/fr/entreprises/{resting.slug}/")


@pytest.mark.parametrize(("respondent", "sentence"), [
    ("business", f"gebruikte {COMPANY} zijn Proefcheque bij <strong>{FIRM}</strong>."),
    ("firm", f"gebruikte {COMPANY} zijn Proefcheque bij {FIRM}. Leidde dat tot meer werk met"),
])
def test_the_follow_up_page_of_a_maasland_cheque_names_its_programme(client, maasland, on_commit, respondent,
                                                                     sentence):
    with on_commit(execute=True):
        voucher = cheque_of(maasland, "nl")
    followup = FollowUp.objects.create(voucher=voucher, enterprise=firm_user(maasland, "nl").enterprise,
                                       respondent=respondent, sent_at=timezone.now())
    address = links.followup_url(followup, "nl").removeprefix(f"http://{HOST}")
    assert sentence in page(client, address)
    response = client.post(address, {"answer": "still"}, HTTP_HOST=HOST, follow=True)
    assert "Het helpt de regie te tonen wat de Proefcheque oplevert." in response.content.decode()
