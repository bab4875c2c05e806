"""A business's rights from the command line, on the demo data: `export_personal_data` gives everything about
one enterprise number (JSON or PDF) and nothing of another business; `erase_personal_data` removes names,
contact details and free texts everywhere (applications, cheque uses, follow-ups, the outbox, the audit log),
keeps amounts and dates so the accounts still add up, asks to type the number again, and refuses while
something is still open. Unknown or invalid numbers give a clear message and exit code 1."""
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from regie.dates import add_years
from regie.formats.numbers import format_enterprise_number
from regie.models import AuditEvent, OutgoingMail
from tests.privacy_data import (  # noqa: F401  (demo, houben: fixtures)
    CONTACT,
    NEW_COMMENT,
    OLD_COMMENTS,
    REMOVED,
    audit_text,
    business,
    demo,
    everything_of,
    houben,
    kept_figures,
    outbox_text,
)
from vouchers.ledger import ledger_mismatches
from vouchers.models import Application, FollowUp, Redemption
from vouchers.privacy.anonymise import ERASED
from vouchers.privacy.erasure import open_matters

# slow: demo data for every test, and no date rule in play (the retention and erasure-timing tests run at every instant)
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

UNKNOWN = "BE 0403.170.701"  # a valid enterprise number that never applied


def notations(number):
    """The same enterprise number as people write it."""
    return [f"BE {format_enterprise_number(number)}", f"BE{number}", number[1:], format_enterprise_number(number)]


def export(number, tmp_path, *options):
    output = tmp_path / "export"
    call_command("export_personal_data", number, "--output", str(output), *options)
    return output.read_bytes()


def erase(number, *options, stdout=None):
    call_command("erase_personal_data", number, *options, stdout=stdout or io.StringIO())


def test_the_json_export_holds_the_application_cheque_uses_and_follow_ups_of_that_business_only(houben, tmp_path):
    for notation in notations(houben.enterprise_number):
        data = json.loads(export(notation, tmp_path))
        assert data["enterprise_number"] == houben.enterprise_number_display
    [application] = data["applications"]
    assert (application["company_name"], application["email"], application["phone"]) == (
        "Transport Houben", CONTACT["email"], CONTACT["phone"])
    cheque = application["cheque"]
    assert (cheque["code"], cheque["face_value"], cheque["balance"]) == (houben.voucher.code_display, "500.00", "0.00")
    assert (cheque["deminimis_aid"]["amount"], cheque["deminimis_aid"]["regulation"]) == ("500.00", "(EU) 2023/2831")
    assert [(r["firm"], r["amount"], r["invoice_number"]) for r in cheque["redemptions"]] == [
        ("De Groene Hand", "500.00", "DEMO-007")]
    assert NEW_COMMENT in [followup["comment"] for followup in cheque["followups"]] and len(cheque["followups"]) == 2
    assert [mail["to"] for mail in data["emails"]] == [[CONTACT["email"]]]
    assert (data["controller"], data["contact"]) == (  # the regie of its call, as its row names it
        "Regie sociale economie Zuidoost-Limburg", "socialeeconomie@regie-zuidoost-limburg.example")
    text = json.dumps(data, ensure_ascii=False)
    for other in Application.objects.exclude(pk=houben.pk).select_related("voucher"):
        assert f'"{other.company_name}"' not in text and f'"{other.email}"' not in text
        assert other.enterprise_number_display not in text
        assert not hasattr(other, "voucher") or other.voucher.code_display not in text


def test_the_pdf_export_is_a_readable_pdf_with_the_company_name(houben, tmp_path):
    content = export(f"BE {houben.enterprise_number_display}", tmp_path, "--format", "pdf", "--language", "fr")
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Transport Houben" in text and houben.enterprise_number_display in text and CONTACT["email"] in text
    assert "Bakkerij Het Gouden Korenaar" not in text
    assert reader.metadata.title and houben.enterprise_number_display in reader.metadata.title


def test_an_export_is_audited_with_the_application_ids_only(houben, tmp_path):
    export(houben.enterprise_number, tmp_path, "--format", "pdf")
    event = AuditEvent.objects.get(action="privacy.exported")
    assert event.data == {"applications": [houben.pk], "format": "pdf"} and event.object_repr == ""


@pytest.mark.parametrize("command", ["export_personal_data", "erase_personal_data"])
@pytest.mark.parametrize("number, message", [
    (UNKNOWN, "No business with enterprise number 0403.170.701 has applied"),
    ("0403.170.702", "0403.170.702: "), ("12345", "12345: "), ("BE 0909 ABC", "BE 0909 ABC: ")])
def test_an_unknown_or_invalid_number_is_refused_with_a_clear_message_and_exit_code_1(demo, tmp_path, command,
                                                                                         number, message):
    options = ["--output", str(tmp_path / "x")] if command == "export_personal_data" else ["--yes"]
    with pytest.raises(CommandError, match=message) as error:
        call_command(command, number, *options)
    assert error.value.returncode == 1
    assert not (tmp_path / "x").exists()
    assert not AuditEvent.objects.filter(action__startswith="privacy.").exists()


def test_manage_py_exits_with_1_and_says_why(demo, tmp_path, capsys, monkeypatch):
    from django.core.management import execute_from_command_line

    monkeypatch.setattr(connections, "close_all", lambda: None)  # manage.py closes them; the test goes on
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "export_personal_data", UNKNOWN, "--output", str(tmp_path / "x")])
    assert exit_.value.code == 1
    assert "has applied; nothing is stored under that number" in capsys.readouterr().err


def test_erasure_removes_the_personal_data_everywhere_and_keeps_the_accounts(
        houben, django_capture_on_commit_callbacks):
    cheque_pdf = houben.voucher.pdf
    invoices = {r.invoice.name: r.invoice.storage for r in Redemption.objects.filter(voucher=houben.voucher)}
    assert cheque_pdf.storage.exists(cheque_pdf.name) and all(s.exists(name) for name, s in invoices.items())
    figures = kept_figures(houben)
    assert "Transport Houben" in audit_text() and OLD_COMMENTS[0] in audit_text()  # names, a replaced answer
    assert all(value.lower() in outbox_text() for value in ("Transport Houben", CONTACT["contact_name"],
                                                             CONTACT["email"], houben.enterprise_number_display))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        erase(houben.enterprise_number, "--yes", stdout=out)
    assert f"Erased for {houben.enterprise_number_display}" in out.getvalue()

    application = Application.objects.get(pk=houben.pk)
    assert (application.company_name, application.contact_name, application.street) == (ERASED, ERASED, ERASED)
    assert (application.email, application.phone, application.motivation) == ("", "", "")
    assert {(r.description, r.invoice.name) for r in Redemption.objects.filter(voucher=houben.voucher)} == {
        ("", name) for name in invoices}  # the accounts keep the invoices (tests/test_privacy_erasure.py)
    assert {(f.comment, f.reason, f.may_quote) for f in FollowUp.objects.filter(voucher=houben.voucher)} == {
        ("", "", False)}
    assert not cheque_pdf.storage.exists(cheque_pdf.name) and all(s.exists(name) for name, s in invoices.items())
    for value in REMOVED:
        assert value.lower() not in audit_text().lower(), value
        assert value.lower() not in outbox_text(), value
    assert houben.enterprise_number not in outbox_text() and houben.enterprise_number_display not in outbox_text()
    assert kept_figures(houben) == figures
    assert ledger_mismatches() == []


def test_the_erasure_is_audited_without_personal_data(houben):
    erase(houben.enterprise_number_display, "--yes")
    event = AuditEvent.objects.get(action="privacy.erased")
    assert event.actor is None and event.data["applications"] == [houben.pk]
    counts = event.data["counts"]
    assert (counts["applications"], counts["redemptions"], counts["followups"], counts["mails"]) == (1, 1, 2, 3)
    text = json.dumps(event.data)
    assert "@" not in text and "Houben" not in text and houben.enterprise_number not in text


def test_erasure_leaves_another_business_untouched(houben):
    other = business("Bakkerij Het Gouden Korenaar")
    before = everything_of(other)
    mails = OutgoingMail.objects.count()
    erase(houben.enterprise_number, "--yes")
    assert everything_of(other) == before and before[4]  # its mail is kept
    assert OutgoingMail.objects.count() == mails - 3  # to the business, to the coordinator, to the firm


def test_an_application_without_a_cheque_is_deleted_and_its_name_forgotten(demo, tmp_path):
    rejected, other = business("Makelaardij Vastgoed Limburg"), business("Kapsalon Lotte")
    assert "Makelaardij Vastgoed Limburg" in audit_text() and "buiten de regio" in audit_text()
    mailed = [finished_mail_task(application, rejected.rejection_reason) for application in (rejected, other)]
    erase(rejected.enterprise_number, "--yes")
    assert not Application.objects.filter(pk=rejected.pk).exists()
    assert "Makelaardij Vastgoed Limburg" not in audit_text() and "buiten de regio" not in audit_text()
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [mailed[1].pk]  # the reason mailed to it
    with pytest.raises(CommandError, match="has applied"):
        export(rejected.enterprise_number, tmp_path)
    assert ledger_mismatches() == []


def finished_mail_task(application, reason):
    """The worker's record of the rejection mail, as the database task queue keeps it for a while."""
    return DBTaskResult.objects.create(
        status="SUCCESSFUL", task_path="vouchers.tasks.mail_applicant", backend_name="default", queue_name="default",
        args_kwargs={"args": [application.pk, "application_rejected", reason], "kwargs": {}},
        run_after=timezone.now(), finished_at=timezone.now(), exception_class_path="", traceback="")


def test_a_second_erasure_finds_nothing_left(houben):
    erase(houben.enterprise_number, "--yes")
    out = io.StringIO()
    erase(houben.enterprise_number, "--yes", stdout=out)
    assert "Nothing left to erase" in out.getvalue()
    assert AuditEvent.objects.filter(action="privacy.erased").count() == 1


def test_without_yes_the_number_must_be_typed_again(houben, monkeypatch):
    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or "0909.000.163")
    before = everything_of(houben)
    with pytest.raises(CommandError, match="does not match") as error:
        erase(houben.enterprise_number)
    assert error.value.returncode == 1 and everything_of(houben) == before
    assert houben.enterprise_number_display in prompts[0]
    assert not AuditEvent.objects.filter(action="privacy.erased").exists()

    monkeypatch.setattr("builtins.input", lambda prompt: f"BE{houben.enterprise_number}")
    erase(houben.enterprise_number_display)
    assert Application.objects.get(pk=houben.pk).company_name == ERASED


def test_an_empty_answer_erases_nothing(houben, monkeypatch):
    def end_of_input(prompt):
        raise EOFError

    monkeypatch.setattr("builtins.input", end_of_input)
    with pytest.raises(CommandError, match="does not match"):
        erase(houben.enterprise_number)
    assert Application.objects.get(pk=houben.pk).company_name == "Transport Houben"


@pytest.mark.parametrize("company, expected", [
    ("Garage Jekerdal", ["has been used in part and can still be used until", "at De Groene Hand awaits",
                         "at Atelier Fouron awaits"]),  # a confirmed and a contested use
    ("Slagerij Op 't Hoekske", ["can still be used until", "cancel it first"]),
    ("Bakkerij Het Gouden Korenaar", ["has been used in part", "at Kringwinkel Jekervallei awaits"]),
    ("Boulangerie du Plateau", ["has been used in part", "at Atelier Fouron is approved but not paid yet"]),
    ("Tuincentrum De Haspengouwse Hof", ["awaits a decision: withdraw it"]),
    ("Kapsalon Lotte", ["awaits a decision: withdraw it"]),  # on the waiting list
    ("Drukkerij Tongria", ["awaits the confirmation of its e-mail address", "deleted 30 days after"])])
def test_open_matters_refuse_the_erasure_with_the_reasons(demo, company, expected):
    application = business(company)
    before = everything_of(application)
    with pytest.raises(CommandError) as error:
        erase(application.enterprise_number, "--yes")
    message = str(error.value)
    with translation.override("en"):
        assert all(f"- {reason}" in message for reason in open_matters(application.enterprise_number))
    assert message.startswith("Not erased yet") and all(text in message for text in expected), message
    assert (application.voucher.code_display if hasattr(application, "voucher") else "Call 2026 (demo)") in message
    assert ("cancel it first" in message) == (company == "Slagerij Op 't Hoekske")  # a used cheque cannot be
    assert error.value.returncode == 1 and everything_of(application) == before


@pytest.mark.parametrize("language, heading, column", [
    ("nl", "Bewaard na een wissing", "bewaard tot"), ("fr", "Conservé après un effacement", "conservé jusqu'au"),
    ("en", "Kept after an erasure", "kept until")])
def test_the_pdf_export_lists_the_invoices_an_erasure_kept_and_until_when(houben, tmp_path, language, heading, column):
    redemption = Redemption.objects.get(voucher=houben.voucher)
    erase(houben.enterprise_number, "--yes")
    content = export(houben.enterprise_number, tmp_path, "--format", "pdf", "--language", language)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
    until = add_years(max(houben.call.closes_on, redemption.paid_at), 10)  # the later of the two, plus 10 years
    assert heading in text and column in text
    assert "DEMO-007" in text and "De Groene Hand" in text and f"{until:%d/%m/%Y}" in text
    basis = {"nl": "Belgisch boekhoudrecht", "fr": "droit comptable belge", "en": "Belgian accounting law"}
    assert basis[language] in text
