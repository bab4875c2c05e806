"""Bank statements mark payments paid on their own booking date, returned transfers make their cheques payable again
and tell the firm, what matches nothing waits for finance; the same statement twice changes nothing."""
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from regie.accounts.groups import FINANCE
from regie.models import AuditEvent, BackgroundJob
from tests.concurrency import at_once
from tests.factories import RegieFactory, UserFactory
from tests.support.bank_statements import ACCOUNT, EntryFactory, write_camt053, write_coda
from tests.support.statement_payments import debit, firm, paid_batch, returned
from vouchers import remittance, services
from vouchers.exceptions import TransitionError
from vouchers.ledger import ledger_mismatches
from vouchers.models import (
    BankStatement,
    BankStatementEntry,
    Call,
    EntryOutcome,
    Payment,
    PaymentStatus,
    PayoutBatchStatus,
    Redemption,
    RedemptionStatus,
)
from vouchers.privacy.anonymise import anonymise_applications
from vouchers.services import statements

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
MONDAY, TUESDAY, FRIDAY = datetime.date(2026, 12, 7), datetime.date(2026, 12, 8), datetime.date(2026, 12, 11)


@pytest.fixture
def firms():
    return [firm("De Groene Hand", "BE21001234567803", "0899002334"),
            firm("Kringwinkel Fourons", "BE62510007547061", "0403170701", language="fr")]


def statement(entries, kind, statement_id="2026-100"):
    if kind == "coda":
        return write_coda(entries, sequence=int(statement_id[-3:]))
    return write_camt053(entries, version=kind, statement_id=statement_id)


@pytest.mark.parametrize("kind", ["001.02", "001.08", "coda"])
def test_a_statement_pays_each_payment_on_its_own_date_once(firms, kind, django_capture_on_commit_callbacks):
    batch = paid_batch(firms, ["100.00", "250.00"])
    first, second = batch.payments.order_by("creditor_name")
    entries = [debit(first, MONDAY, key="BANK-1"), debit(second, TUESDAY, end_to_end_id="", key="BANK-2")]
    content = statement(entries, kind)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        result = services.import_bank_statement(content=content, filename="dagafschrift.xml", by=None)
        assert str(result).endswith(": 2 paid, 0 returned, 0 to assign, 0 already imported.")
    assert {address for message in mail.outbox for address in message.to} == {f.user.email for f in firms}
    first.refresh_from_db(), second.refresh_from_db(), batch.refresh_from_db()
    assert (first.status, first.booked_on, first.marked_paid_by) == (PaymentStatus.PAID, MONDAY, None)
    assert (second.status, second.booked_on) == (PaymentStatus.PAID, TUESDAY)  # by communication, amount and IBAN
    assert (batch.status, batch.paid_on) == (PayoutBatchStatus.PAID, TUESDAY)
    assert set(Redemption.objects.values_list("status", "paid_at")) == {(RedemptionStatus.PAID, MONDAY),
                                                                       (RedemptionStatus.PAID, TUESDAY)}
    assert sum(Call.objects.values_list("paid", flat=True)) == Decimal("350.00") and ledger_mismatches() == []
    events = AuditEvent.objects.count()
    with translation.override("en"):
        again = services.import_bank_statement(content=content, filename="dagafschrift.xml", by=None)
        assert str(again).endswith("was already imported: nothing changed.")
        other_file = statement(entries, kind, statement_id="2026-101")  # the same bookings in another statement
        other = services.import_bank_statement(content=other_file, filename="kopie.xml", by=None)
        assert str(other).endswith(": 0 paid, 0 returned, 0 to assign, 2 already imported.")
    assert BankStatementEntry.objects.count() == 2 and AuditEvent.objects.count() == events + 1  # the import only


def test_a_returned_transfer_makes_its_cheques_payable_again_and_asks_the_firm_to_check_its_iban(
        firms, django_capture_on_commit_callbacks):
    batch = paid_batch(firms, ["100.00", "250.00"])
    dutch, french = batch.payments.order_by("creditor_name")
    services.import_bank_statement(content=write_camt053([debit(dutch, MONDAY), debit(french, MONDAY)]),
                                   filename="a.xml", by=None)
    mail.outbox.clear()
    back = returned(french, FRIDAY, "AC04", key="RETURN-1", counterparty_iban="")
    with django_capture_on_commit_callbacks(execute=True):
        services.import_bank_statement(content=write_camt053([back], version="001.08", statement_id="2026-102"),
                                       filename="b.xml", by=None)
    french.refresh_from_db()
    assert (french.status, french.returned_on, french.return_reason_code) == (PaymentStatus.RETURNED, FRIDAY, "AC04")
    with translation.override("en"):
        assert translation.gettext(french.return_reason) == "The account is closed."
    redemption = french.redemptions.get()  # still listed on the payment, and payable again
    assert (redemption.status, redemption.batch, redemption.paid_at) == (RedemptionStatus.APPROVED, None, None)
    assert sum(Call.objects.values_list("paid", flat=True)) == Decimal("100.00") and ledger_mismatches() == []
    [message] = mail.outbox
    assert message.to == [firms[1].user.email] and message.extra_headers["Content-Language"] == "fr"
    assert "BE** **** **** 7061" in message.body and "BE62510007547061" not in message.body  # masked, as the advice
    assert "/fr/" in message.body
    again = services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=batch.execution_date)
    assert list(again.redemptions.all()) == [redemption]


def test_other_account_unknown_entries_and_finance_resolving_them(firms):
    batch = paid_batch(firms, ["100.00", "250.00"])
    first, second = batch.payments.order_by("creditor_name")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.import_bank_statement(content=write_camt053([debit(first, MONDAY)], iban="BE68539007547034"),
                                       filename="ander.xml", by=None)
    assert refused.value.messages == [(f"ander.xml is a statement of account BE68539007547034, not of the regie's "
                                       f"account {ACCOUNT}: nothing was imported.")]
    with pytest.raises(ValidationError):
        services.import_bank_statement(content=write_camt053([debit(first, MONDAY)])[:-40], filename="kapot.xml",
                                       by=None)
    assert BankStatement.objects.count() == 0
    unknown = debit(first, MONDAY, end_to_end_id="ONBEKEND-1", communication="")
    costs = EntryFactory(end_to_end_id="", communication="", amount=Decimal("2.50"), free_text="Kosten")
    services.import_bank_statement(content=write_camt053([unknown, costs]), filename="c.xml", by=None)
    entry, cost_entry = BankStatementEntry.objects.order_by("amount").reverse()
    assert (entry.outcome, cost_entry.outcome) == (EntryOutcome.UNMATCHED, EntryOutcome.UNMATCHED)
    finance = UserFactory(is_staff=True)
    with pytest.raises(ValidationError):
        services.assign_statement_entry(entry=entry, payment=second, by=finance)  # 100.00 is not 250.00
    services.assign_statement_entry(entry=entry, payment=first, by=finance)
    with pytest.raises(ValidationError):
        services.ignore_statement_entry(entry=cost_entry, by=finance, reason=" ")
    services.ignore_statement_entry(entry=cost_entry, by=finance, reason="Bankkosten")
    first.refresh_from_db(), entry.refresh_from_db(), cost_entry.refresh_from_db()
    assert (first.status, first.booked_on, entry.outcome, entry.payment) == (
        PaymentStatus.PAID, MONDAY, EntryOutcome.ASSIGNED, first)
    assert (cost_entry.outcome, cost_entry.note, cost_entry.resolved_by) == (EntryOutcome.IGNORED, "Bankkosten",
                                                                             finance)


def test_finance_uploads_a_statement_in_the_admin_and_resolves_what_matched_nothing(firms, client, staff_user):
    batch = paid_batch(firms, ["100.00", "250.00"])
    first, second = batch.payments.order_by("creditor_name")
    client.force_login(staff_user(FINANCE))
    upload = reverse("admin:vouchers_bankstatement_add")
    content = write_camt053([debit(first, MONDAY), debit(second, MONDAY, end_to_end_id="X-1", communication="")])
    truncated = client.post(upload, {"file": SimpleUploadedFile("kapot.xml", content[:-60])}, HTTP_ACCEPT_LANGUAGE="en")
    assert truncated.status_code == 200 and "kapot.xml" in truncated.context["form"].errors["file"][0]
    assert BankStatement.objects.count() == 0
    done = client.post(upload, {"file": SimpleUploadedFile("dag.xml", content)}, follow=True)
    assert done.status_code == 200 and BankStatement.objects.get().paid_count == 1
    entry = BankStatementEntry.objects.get(outcome=EntryOutcome.UNMATCHED)
    resolve = reverse("admin:vouchers_bankstatemententry_resolve", args=[entry.pk])
    for url in [reverse("admin:vouchers_bankstatement_changelist"), reverse("admin:vouchers_payment_changelist"),
                reverse("admin:vouchers_bankstatemententry_changelist") + "?outcome__exact=unmatched", resolve,
                reverse("admin:vouchers_payoutbatch_change", args=[batch.pk])]:
        assert client.get(url).status_code == 200, url
    assert client.post(resolve, {"do": "ignore", "ignore-reason": ""}).status_code == 200  # the reason is required
    client.post(resolve, {"do": "assign", "assign-payment": second.pk})
    second.refresh_from_db()
    assert (second.status, second.booked_on) == (PaymentStatus.PAID, MONDAY)


def test_the_command_says_what_it_did_per_file_and_fails_on_a_refused_one(firms, tmp_path):
    batch = paid_batch(firms, ["100.00", "250.00"])
    good, bad = tmp_path / "goed.xml", tmp_path / "ander.xml"
    good.write_bytes(write_camt053([debit(p, MONDAY) for p in batch.payments.all()]))
    bad.write_bytes(write_camt053([], iban="BE68539007547034", statement_id="2026-200"))
    out = io.StringIO()
    call_command("import_bank_statement", str(good), stdout=out)
    assert out.getvalue() == "goed.xml: statement 2026-001: 2 paid, 0 returned, 0 to assign, 0 already imported.\n"
    with pytest.raises(CommandError, match="not of the regie's account BE71096123456769"):
        call_command("import_bank_statement", str(good), str(bad), stdout=out)
    assert "goed.xml: statement 2026-001 was already imported: nothing changed." in out.getvalue()


def test_pages_other_accounts_a_debit_and_its_return_together_and_returns_finance_names(
        firms, client, staff_user, django_capture_on_commit_callbacks):
    batch = paid_batch(firms, ["100.00", "250.00"])
    first, second = batch.payments.order_by("creditor_name")
    assert first.communication[3] == "1"  # one per firm: its own leading digit, never one per redemption's
    page_one = write_camt053([debit(first, MONDAY, key="P-1")], statement_id="2026-300")
    channel = (write_coda([], iban="BE68539007547034", sequence=7) + write_coda([], currency="USD", sequence=8)
               + write_coda([], sequence=9))  # every account of the subscriber in one file
    with translation.override("en"):
        assert str(services.import_bank_statement(content=page_one, filename="p1.xml", by=None)).endswith("1 paid, "
               "0 returned, 0 to assign, 0 already imported.")
        assert str(services.import_bank_statement(content=channel, filename="isabel.cod", by=None)).endswith(
            "statement BE68539007547034/2026-01-05/007 of account BE68539007547034 in EUR skipped: it is not the "
            "regie's account in EUR.; statement BE71096123456769/2026-01-05/008 of account BE71096123456769 in USD "
            "skipped: it is not the regie's account in EUR.")
        page_two = write_camt053([debit(second, MONDAY, key="P-2"), returned(second, TUESDAY, "AC04", key="P-3")],
                                 statement_id="2026-300")  # the same Stmt/Id: the statement's second page
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assert str(services.import_bank_statement(content=page_two, filename="p2.xml", by=None)).endswith(
                ": 1 paid, 1 returned, 0 to assign, 0 already imported.")
        [returned_mail] = mail.outbox  # no advice again for page one's payment, none for the one sent back
        assert returned_mail.to == [firms[1].user.email]
        assert str(services.import_bank_statement(content=page_two, filename="p2.xml", by=None)).endswith(
            "was already imported: nothing changed.")
    second.refresh_from_db()
    assert (second.status, second.booked_on, second.returned_on) == (PaymentStatus.RETURNED, MONDAY, TUESDAY)
    pages = BankStatement.objects.get(statement_id="2026-300")
    assert pages.entry_count == 3 and ledger_mismatches() == []
    events = AuditEvent.objects.filter(action="payment.paid").order_by("object_id")
    assert [(e.object_id, e.data["by_hand"], e.data["statement"]) for e in events] == [
        (str(first.pk), False, pages.pk), (str(second.pk), False, pages.pk)]
    came_back = EntryFactory(credit=True, end_to_end_id=first.end_to_end_id, amount=first.amount, key="BACK-1")
    services.import_bank_statement(content=write_camt053([came_back], statement_id="2026-301"), filename="c.xml",
                                   by=None)
    entry = BankStatementEntry.objects.get(key="BACK-1")
    assert entry.note == (f"Er kwam geld terug voor betaling {first.end_to_end_id}: markeer ze als teruggekomen als "
                          "het een terugboeking is.")  # stored as finance reads it (Dutch, the regie's language)
    client.force_login(staff_user(FINANCE))
    resolve = reverse("admin:vouchers_bankstatemententry_resolve", args=[entry.pk])
    assert client.post(resolve, {"do": "assign", "assign-payment": first.pk}).status_code == 200  # no reason
    done = client.post(resolve, {"do": "assign", "assign-payment": first.pk, "assign-reason_code": "other",
                                 "assign-reason": "Rekening van de zaakvoerder opgeheven"})
    assert done.status_code == 302, done.context["assign"].errors
    first.refresh_from_db()
    assert (first.status, first.return_reason_code, first.return_reason) == (
        PaymentStatus.RETURNED, "NARR", "Rekening van de zaakvoerder opgeheven")


def test_finance_marks_a_payment_returned_by_hand_and_ten_years_later_the_transfer_forgets_the_firm(
        firms, client, staff_user):
    batch = paid_batch(firms, ["100.00", "250.00"])
    first, second = batch.payments.order_by("creditor_name")
    services.import_bank_statement(content=write_camt053([debit(first, MONDAY, free_text="Factuur 12")]),
                                   filename="a.xml", by=None)
    client.force_login(staff_user(FINANCE))
    changelist = reverse("admin:vouchers_payment_changelist")
    client.post(changelist, {"action": "mark_returned", "_selected_action": [second.pk], "confirmed": "1",
                             "returned_on": "2026-12-09", "reason_code": "AC04", "reason": ""})
    second.refresh_from_db()
    assert (second.status, second.returned_on, second.return_reason_code) == (
        PaymentStatus.RETURNED, datetime.date(2026, 12, 9), "AC04")
    assert AuditEvent.objects.get(action="payment.returned").actor.groups.get().name == FINANCE
    applications = Redemption.objects.filter(payments=first).values_list("voucher__application", flat=True)
    anonymise_applications(list(applications), on_request=False)  # the cheques' ten years are over
    first.refresh_from_db()
    entry = BankStatementEntry.objects.get(payment=first)
    assert (first.creditor_name, first.iban, first.bic, first.amount) == ("—", "", "", Decimal("100.00"))
    assert (entry.counterparty_name, entry.counterparty_iban, entry.free_text) == ("", "", "")
    assert "De Groene Hand" not in str(list(AuditEvent.objects.values_list("object_repr", "data")))
    assert Payment.objects.get(pk=second.pk).creditor_name == "Kringwinkel Fourons"  # its cheque is not due yet


def test_an_advice_that_fails_holds_back_no_other_firms_advice(firms, monkeypatch, django_capture_on_commit_callbacks):
    batch = paid_batch(firms, ["100.00", "250.00"])
    first, second = batch.payments.order_by("creditor_name")
    send = remittance.mail_advice

    def broken_for_the_first(payment):
        if payment.pk == first.pk:
            raise OSError("the PDF of this advice cannot be rendered")
        send(payment)
    monkeypatch.setattr(remittance, "mail_advice", broken_for_the_first)
    with django_capture_on_commit_callbacks(execute=True):
        services.import_bank_statement(content=write_camt053([debit(first, MONDAY), debit(second, MONDAY)]),
                                       filename="a.xml", by=None)
    assert [message.to for message in mail.outbox] == [[firms[1].user.email]]
    assert BackgroundJob.objects.get().object_id == str(first.pk)  # retried alone


def test_money_back_of_another_amount_waits_for_finance_and_more_than_was_sent_is_never_a_return(firms):
    batch = paid_batch(firms, ["100.00", "250.00"])
    first, second = batch.payments.order_by("creditor_name")
    less = returned(second, TUESDAY, key="BACK-LESS", amount=Decimal("240.00"))  # the bank kept EUR 10 of costs
    more = returned(first, TUESDAY, key="BACK-MORE", amount=Decimal("1000.00"))
    with translation.override("en"):
        result = services.import_bank_statement(content=write_camt053([
            debit(first, MONDAY, key="B1"), debit(second, MONDAY, key="B2"), less, more]), filename="a.xml", by=None)
        assert str(result).endswith(": 2 paid, 0 returned, 2 to assign, 0 already imported.")
        entries = {entry.key: entry for entry in BankStatementEntry.objects.filter(credit=True)}
        assert entries["BACK-LESS"].note == (f"EUR 240.00 came back for payment {second.end_to_end_id} of EUR 250.00: "
                                             "assign it to the payment if it is its return.")
        assert entries["BACK-MORE"].note == (f"EUR 1000.00 came back for payment {first.end_to_end_id} of EUR 100.00: "
                                             "more than was sent, so it is not its return.")
        with pytest.raises(ValidationError) as refused:
            services.assign_statement_entry(entry=entries["BACK-MORE"], payment=first, by=UserFactory())
        assert refused.value.message_dict == {"payment": [
            "EUR 1000.00 came back, more than the payment's EUR 100.00: it cannot be its return."]}
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 2
    services.assign_statement_entry(entry=entries["BACK-LESS"], payment=second, by=UserFactory())  # finance confirms
    second.refresh_from_db()
    assert second.status == PaymentStatus.RETURNED and ledger_mismatches() == []
    event = AuditEvent.objects.get(action="payment.returned")
    assert (event.data["amount"], event.data["booked_amount"]) == ("250.00", "240.00")


def test_an_advice_is_not_sent_for_a_transfer_returned_before_it_went(firms, django_capture_on_commit_callbacks):
    batch = paid_batch(firms, ["100.00", "250.00"])
    first = batch.payments.order_by("creditor_name").first()
    with django_capture_on_commit_callbacks() as queued:
        services.mark_payment_paid(payment=first, by=UserFactory(), booked_on=MONDAY)
    services.mark_payment_returned(payment=first, by=UserFactory(), returned_on=TUESDAY, reason_code="AC04")
    for callback in queued:  # the advice's task runs after the return
        callback()
    assert mail.outbox == [] and not BackgroundJob.objects.exists()


def test_an_import_that_loses_the_race_for_the_same_entries_says_so_and_changes_nothing(firms, monkeypatch):
    batch = paid_batch(firms, ["100.00", "250.00"])
    first, second = batch.payments.order_by("creditor_name")
    content = write_camt053([debit(first, MONDAY, key="C1"), debit(second, MONDAY, key="C2")])
    services.import_bank_statement(content=content, filename="a.xml", by=None)
    events = AuditEvent.objects.count()
    # the other import read the entries before this one committed them: its insert of the same entries fails
    monkeypatch.setattr(statements, "_fresh_entries", list)
    with translation.override("en"), pytest.raises(TransitionError) as refused:
        services.import_bank_statement(content=content, filename="b.xml", by=None)
    assert str(refused.value) == "This statement is being imported right now; try again in a minute."
    assert (BankStatementEntry.objects.count(), AuditEvent.objects.count()) == (2, events)
    assert BankStatement.objects.get().entry_count == 2 and ledger_mismatches() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_returning_a_payment_of_a_batch_over_two_calls_locks_in_the_ledgers_order(firms):
    batch = paid_batch(firms, ["100.00", "250.00"])  # each cheque of its own call
    first, second = batch.payments.order_by("creditor_name")
    assert Call.objects.count() == 2
    services.import_bank_statement(content=write_camt053([debit(first, MONDAY), debit(second, MONDAY)]),
                                   filename="a.xml", by=None)
    with CaptureQueriesContext(connection) as queries:
        services.import_bank_statement(content=write_camt053([returned(first, TUESDAY, key="R1")],
                                                             statement_id="2026-200"), filename="b.xml", by=None)
    calls_before_batch, calls_after_batch, batch_locked = set(), set(), False
    for sql in (q["sql"] for q in queries if "FOR UPDATE" in q["sql"]):
        batch_locked = batch_locked or 'FROM "vouchers_payoutbatch"' in sql
        if 'FROM "vouchers_call"' in sql:
            ids = set(re.findall(r"\d+", re.search(r'"vouchers_call"\."id" IN \(([^)]*)\)', sql).group(1)))
            (calls_after_batch if batch_locked else calls_before_batch).update(ids)
    assert calls_before_batch == {str(first.redemptions.get().voucher.call_id)}
    assert calls_after_batch <= calls_before_batch  # no call is locked after a batch: calls, batch, payments, ...
    first.refresh_from_db()
    assert first.status == PaymentStatus.RETURNED and ledger_mismatches() == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_statement_at_once_apply_it_once(firms):
    batch = paid_batch(firms, ["100.00", "250.00"])
    first, second = batch.payments.order_by("creditor_name")
    content = write_camt053([debit(first, MONDAY, key="C1"), debit(second, MONDAY, key="C2")])

    def work(name):
        try:
            with translation.override("en"):
                return str(services.import_bank_statement(content=content, filename=name, by=None))
        except TransitionError as error:
            return str(error)
    outcomes = sorted(at_once(work, [("a.xml",), ("b.xml",)]), key=lambda outcome: outcome.startswith("This"))
    assert outcomes[0].endswith(": 2 paid, 0 returned, 0 to assign, 0 already imported.")
    assert outcomes[1] == "This statement is being imported right now; try again in a minute."
    assert sum(Call.objects.values_list("paid", flat=True)) == Decimal("350.00") and ledger_mismatches() == []


def test_a_regies_statement_pays_only_the_payments_made_from_its_account(firms, regie):
    from tests.test_bank_files import regie_approved

    ours = paid_batch(firms[:1], ["100.00"]).payments.get()
    maasland = RegieFactory(short_name="maasland", name="Regie Maasland", iban="BE68539007547034",
                            hosts=["maasland.example"])
    regie_approved(firms[1], maasland, "80.00")
    theirs = services.create_payout_batch(by=UserFactory(), regie=maasland,
                                          execution_date=ours.batch.execution_date).payments.get()
    content = write_camt053([debit(ours, MONDAY, key="MAAS-1"), debit(theirs, MONDAY, key="MAAS-2")],
                            iban="BE68539007547034", statement_id="MAAS-2026-1")
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:  # the first regie's finance, on its host
            services.import_bank_statement(content=content, filename="maasland.xml", by=None, regie=regie)
        assert refused.value.messages == [("maasland.xml is a statement of account BE68539007547034, not of the "
                                          "regie's account BE71096123456769: nothing was imported.")]
        result = services.import_bank_statement(content=content, filename="maasland.xml", by=None)
        assert str(result).endswith(": 1 paid, 0 returned, 1 to assign, 0 already imported.")
    ours.refresh_from_db(), theirs.refresh_from_db()
    assert (theirs.status, ours.status) == (PaymentStatus.PAID, PaymentStatus.SENT)
    entry = BankStatementEntry.objects.get(key="MAAS-1")
    assert entry.outcome == EntryOutcome.UNMATCHED and entry.payment is None
