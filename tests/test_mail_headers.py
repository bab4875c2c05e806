"""Mail headers as a strict mail reader parses them: every kind of mail the portal sends, in every language,
with accented names, has a subject that starts right after "Subject:" (no folded, leading space) and reads
exactly as the portal wrote it; names with accents in From, To and Reply-To read as written too."""
import datetime
import email
import email.policy
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from regie.mail import compose
from regie.models import OutgoingMail

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TEMPLATES = Path(settings.BASE_DIR) / "templates"
KINDS = sorted(path.name.removesuffix("_subject.txt") for path in (TEMPLATES / "emails").glob("*_subject.txt"))
SENDER = "Régie sociale économie Zuidoost-Limburg – Fourons <noreply@regie-zuidoost-limburg.example>"
RECIPIENT = "\"Zoë D'Hondt-Müller, Zoë's Hoeve & Co\" <zoe@hoeve.example>"
REPLY_TO = "Coördinatie sociale economie Fourons <socialeeconomie@regie-zuidoost-limburg.example>"
CODE, COMPANY, FIRM = "ABCD-EFGH-KLMN-PQRS", "Zoë's Hoeve & Co", "Atelier Fouron – Rénovation & Électricité"
CONTEXT = {
    "application": {"company_name": COMPANY, "contact_name": "Zoë D'Hondt", "language": "fr"},
    "company": COMPANY, "firm": {"name": FIRM}, "followup": {"respondent": "firm"}, "code": CODE,
    "redemption": {"voucher": {"code_display": CODE}, "enterprise": {"name": FIRM}},
    "voucher": {"code_display": CODE, "valid_until": datetime.date(2027, 6, 30)},
    "uid": "MQ", "token": "set-password", "email": "zoe@hoeve.example", "SITE_URL": "https://cheque.example",
    "payment": {"amount": Decimal("150.50"), "creditor_name": FIRM, "end_to_end_id": "UITB-2026-0001-F1"},
    "count": 2, "meeting": {"title": "Rencontre à Fourons – Netwerkmoment Voeren"},
    "regie": {"programme_name": "Chèque découverte"},  # every mail names its regie's programme (regie_context)
}
TEMPLATE_PAIRS = [(f"emails/{kind}_subject.txt", f"emails/{kind}.txt") for kind in KINDS] + [
    ("registration/password_reset_subject.txt", "registration/password_reset_email.txt")]


def stored_mail(subject_template, body_template, language, context):
    """The bytes the outbox keeps, and sends, for this mail."""
    compose.compose(subject_template=subject_template, body_template=body_template, language=language,
                   context=context, to=[RECIPIENT], from_email=SENDER, reply_to=[REPLY_TO]).send()
    mail = OutgoingMail.objects.latest("pk")
    return mail.subject, bytes(mail.message)


def header_lines(raw):
    return raw.split(b"\n\n", 1)[0].decode("ascii").split("\n")


@pytest.fixture(autouse=True)
def outbox(settings):
    settings.EMAIL_BACKEND = "regie.mail.outbox.OutboxEmailBackend"


def test_every_kind_of_mail_is_enumerated():
    assert len(TEMPLATE_PAIRS) >= 20 and "coordinator_new_application" in KINDS


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
@pytest.mark.parametrize("respondent", ["firm", "business"])
@pytest.mark.parametrize("templates", TEMPLATE_PAIRS, ids=lambda pair: pair[0])
def test_a_strict_parser_reads_every_subject_and_name_as_written(templates, respondent, language):
    subject, raw = stored_mail(*templates, language, {**CONTEXT, "followup": {"respondent": respondent}})
    [subject_line] = [line for line in header_lines(raw) if line.startswith("Subject:")]
    assert subject_line.startswith("Subject: ") and not subject_line[len("Subject: "):][:1].isspace()
    assert len(subject_line) > len("Subject: ")
    for policy in (email.policy.strict, email.policy.default):
        message = email.message_from_bytes(raw, policy=policy)
        assert str(message["Subject"]) == subject and subject[:1].strip()
        assert str(message["From"]) == SENDER
        assert message["To"].addresses[0].display_name == "Zoë D'Hondt-Müller, Zoë's Hoeve & Co"
        assert str(message["Reply-To"]) == REPLY_TO
    assert all(len(line) <= 78 for line in header_lines(raw) if not line.startswith("Message-ID"))


@pytest.mark.parametrize(("language", "kind", "expected"), [
    ("fr", "coordinator_new_application", "Nouvelle demande à examiner\u00a0: Zoë's Hoeve & Co"),
    ("nl", "coordinator_new_application", "Nieuwe aanvraag te beoordelen: Zoë's Hoeve & Co"),
    ("fr", "redemption_submitted", ("Atelier Fouron – Rénovation & Électricité a utilisé votre Chèque découverte"
                                    "\u00a0: merci de confirmer")),
    ("fr", "followup_reminder", ("Rappel\u00a0: Le programme Chèque découverte a-t-il mené à plus de travail avec "
                                 "Zoë's Hoeve & Co\u00a0?")),
    ("fr", "voucher_extended", "Votre Chèque découverte est maintenant valable jusqu'au 30/06/2027"),
])
def test_long_accented_subjects_start_on_the_subject_line(language, kind, expected):
    _, raw = stored_mail(f"emails/{kind}_subject.txt", f"emails/{kind}.txt", language, CONTEXT)
    assert email.message_from_bytes(raw, policy=email.policy.strict)["Subject"] == expected
    [subject_line] = [line for line in header_lines(raw) if line.startswith("Subject:")]
    assert subject_line != "Subject:" and subject_line != "Subject: "


@pytest.mark.parametrize("subject", ["Zoë  Ürsel", "Café  Ölé test", "abc  Zoë", "Zoë  abc", "Zoë   Ürsel  x"])
def test_two_spaces_between_accented_words_are_kept(subject):
    raw = compose.Mail(subject, "body", to=["x@example.be"]).message().as_bytes()
    for policy in (email.policy.strict, email.policy.default):
        assert str(email.message_from_bytes(raw, policy=policy)["Subject"]) == subject


def test_a_french_subject_keeps_its_no_break_space_before_the_colon():
    _subject, raw = stored_mail("emails/followup_reminder_subject.txt", "emails/followup_reminder.txt", "fr", CONTEXT)
    subject = str(email.message_from_bytes(raw, policy=email.policy.strict)["Subject"])
    assert subject.startswith("Rappel\u00a0: ")
