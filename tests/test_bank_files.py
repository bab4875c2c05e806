"""The payout files: a pain.001 a Belgian bank reconciles, identical at every download, and a safe CSV."""
import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation
from stdnum.be import ogm_vcs

from enterprises.models import FirmListing
from regie.accounts.groups import FINANCE
from regie.accounts.languages import choose_language
from regie.models import AuditEvent
from tests.clock import at, brussels, just_before_midnight
from tests.factories import FirmMembershipFactory, RegieFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import issued_voucher, redeem
from tests.vouchers_factories import CallFactory
from vouchers import services
from vouchers.bank_files import FileRefused, payout_file
from vouchers.bank_files.business_days import business_day_from
from vouchers.bank_files.sepa import sepa_text, sepa_xml, validate
from vouchers.exceptions import TransitionError
from vouchers.models import PayoutBatch, Redemption, RedemptionStatus

pytestmark = pytest.mark.django_db
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def approved(firm, amount="100.00", invoice_number="F-1"):
    redemption = redeem(issued_voucher(), firm, amount=amount)
    Redemption.objects.filter(pk=redemption.pk).update(invoice_number=invoice_number)
    services.confirm_redemption(redemption=redemption)
    return services.approve_redemption(redemption=redemption, by=UserFactory(is_staff=True))


@pytest.fixture
def firm():
    return FirmMembershipFactory(enterprise=SocialEnterpriseFactory(
        name="Zoë's Hoeve & Fils – Fourons", iban="BE21001234567803", enterprise_number="0899002334"))


@pytest.fixture
def batch(firm, regie):
    approved(firm, "100.00")
    approved(firm, "50.50", invoice_number="=HYPERLINK(\"http://evil.example\",\"klik\")")
    return services.create_payout_batch(by=UserFactory(), regie=regie, execution_date=timezone.localdate())


def test_each_payment_carries_the_structured_communication_where_belgian_banks_read_it(batch):
    content = sepa_xml(batch)
    validate(content)  # the ISO 20022 pain.001.001.03 schema shipped with sepaxml
    root = ET.fromstring(content)
    transfer = root.find(".//p:CdtTrfTxInf", NS)
    reference = transfer.find("p:RmtInf/p:Strd/p:CdtrRefInf", NS)
    assert reference.find("p:Tp/p:CdOrPrtry/p:Cd", NS).text == "SCOR"
    assert reference.find("p:Tp/p:Issr", NS).text == "BBA"
    digits = reference.find("p:Ref", NS).text
    assert len(digits) == 12 and digits.isdigit() and ogm_vcs.is_valid(digits)
    assert root.find(".//p:Ustrd", NS) is None
    assert transfer.find("p:Amt/p:InstdAmt", NS).text == "150.50"


def test_the_initiating_party_is_the_regie_with_its_enterprise_number(batch, regie):
    regie.enterprise_number = "0403170701"
    regie.save()
    batch.refresh_from_db()
    party = ET.fromstring(sepa_xml(batch)).find("p:CstmrCdtTrfInitn/p:GrpHdr/p:InitgPty", NS)
    assert party.find("p:Nm", NS).text == "Regie sociale economie Zuidoost-Limburg"
    assert party.find("p:Id/p:OrgId/p:Othr/p:Id", NS).text == "0403170701"
    assert party.find("p:Id/p:OrgId/p:Othr/p:Issr", NS).text == "KBO-BCE"


def test_names_are_written_in_the_sepa_latin_character_set(batch):
    assert sepa_text("Zoë's Hoeve & Fils – Fourons") == "Zoe's Hoeve + Fils - Fourons"
    assert sepa_text("Ærøskøbing Straße nr. 5 «test» ½") == "AEroskobing Strasse nr. 5 test 1/2"
    names = [n.text for n in ET.fromstring(sepa_xml(batch)).iter(f"{{{NS['p']}}}Nm")]
    assert "Zoe's Hoeve + Fils - Fourons" in names
    assert all(name.isascii() and "&" not in name for name in names)


def test_every_download_of_a_batch_is_byte_identical_and_ids_are_stored(batch, client, staff_user):
    client.force_login(staff_user(FINANCE))
    first = client.get(f"/admin/vouchers/payoutbatch/{batch.pk}/sepa.xml").content
    with at(just_before_midnight(timezone.localdate())):  # later the same day, another hour and minute
        client.force_login(staff_user(FINANCE, username="finance2"))
        second = client.get(f"/admin/vouchers/payoutbatch/{batch.pk}/sepa.xml").content
    assert first == second
    header = ET.fromstring(first).find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    assert header.find("p:MsgId", NS).text == batch.message_id == f"REGIE-{batch.reference}-1"
    assert header.find("p:CreDtTm", NS).text == f"{timezone.localtime(batch.file_created_at):%Y-%m-%dT%H:%M:%S}"
    assert ET.fromstring(first).find(".//p:PmtInfId", NS).text == f"{batch.message_id}-1"


def test_message_ids_are_unique_per_batch(firm, regie):
    approved(firm)
    one = services.create_payout_batch(by=UserFactory(), regie=regie, execution_date=timezone.localdate())
    approved(firm)
    two = services.create_payout_batch(by=UserFactory(), regie=regie, execution_date=timezone.localdate())
    assert one.message_id != two.message_id


def test_a_file_past_its_execution_date_waits_for_a_new_date_which_is_audited(batch, client, staff_user):
    client.force_login(staff_user(FINANCE))
    later = business_day_from(timezone.localdate() + datetime.timedelta(days=1))  # a day banks pay on
    with at(brussels(later, 9)):
        with pytest.raises(FileRefused):
            payout_file(batch, "sepa")
        client.force_login(staff_user(FINANCE, username="finance2"))
        refused = client.get(f"/admin/vouchers/payoutbatch/{batch.pk}/sepa.xml", follow=True)
        assert "is voorbij" in refused.content.decode() and refused.redirect_chain
        page = client.post("/admin/vouchers/payoutbatch/", {
            "action": "reschedule", "_selected_action": [batch.pk], "confirmed": "1",
            "execution_date": (later - datetime.timedelta(days=1)).isoformat()})
        assert "in het verleden" in page.content.decode()
        client.post("/admin/vouchers/payoutbatch/", {"action": "reschedule", "_selected_action": [batch.pk],
                                                     "confirmed": "1", "execution_date": later.isoformat()})
        batch.refresh_from_db()
        content = client.get(f"/admin/vouchers/payoutbatch/{batch.pk}/sepa.xml").content
    assert batch.execution_date == later and batch.message_id.endswith("-2")
    root = ET.fromstring(content)
    assert root.find(".//p:ReqdExctnDt", NS).text == later.isoformat()
    assert root.find(".//p:MsgId", NS).text == batch.message_id
    event = AuditEvent.objects.get(action="payout.rescheduled")
    assert event.data["message_id"][0].endswith("-1") and event.actor.username == "finance2"


def test_a_batch_cannot_be_dated_in_the_past(firm, regie):
    approved(firm)
    with pytest.raises(Exception) as error:
        services.create_payout_batch(by=UserFactory(), regie=regie,
                                     execution_date=timezone.localdate() - datetime.timedelta(days=1))
    assert "execution_date" in error.value.message_dict


def test_a_firm_with_the_regies_own_iban_is_refused(firm, regie):
    approved(firm)
    regie.iban = "BE21001234567803"
    regie.save()
    with pytest.raises(TransitionError) as error:
        services.create_payout_batch(by=UserFactory(), regie=regie, execution_date=timezone.localdate())
    assert "eigen rekening" in str(error.value.message) and not PayoutBatch.objects.exists()


def csv_rows(batch):
    return list(csv.reader(io.StringIO(payout_csv_bytes(batch).decode("utf-8-sig")), delimiter=";"))


def payout_csv_bytes(batch):
    return payout_file(batch, "csv")[0]


def test_the_csv_is_safe_in_a_spreadsheet_and_readable(batch):
    header, row = csv_rows(batch)
    assert header[:5] == ["Betalingsreferentie", "Onderneming", "Ondernemingsnummer", "IBAN", "Bedrag (EUR)"]
    assert row[2] == "0899.002.334" and row[4] == "150,50"
    invoices = row[8]
    assert invoices.startswith(("F-1 ", "'"))
    for cell in row[:5] + row[6:]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert "'=HYPERLINK" in invoices or invoices.endswith("=HYPERLINK(\"http://evil.example\",\"klik\")")


def test_the_csv_writes_the_structured_communication_as_on_a_belgian_transfer_form(batch):
    """+++123/4567/89012+++, as finance types it in the bank's app; the SEPA file keeps the 12 digits."""
    _header, row = csv_rows(batch)
    assert re.fullmatch(r"\+\+\+\d{3}/\d{4}/\d{5}\+\+\+", row[5]) and ogm_vcs.is_valid(row[5])
    reference = ET.fromstring(sepa_xml(batch)).find(".//p:RmtInf/p:Strd/p:CdtrRefInf/p:Ref", NS).text
    assert row[5] == f"+++{reference[:3]}/{reference[3:7]}/{reference[7:]}+++"


@pytest.mark.parametrize("text", ["=1+1", "+32 12", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_a_formula_is_never_a_formula(text):
    from regie.exports.spreadsheets import safe_cell

    assert safe_cell(text) == "'" + text
    assert safe_cell("Atelier = kunst") == "Atelier = kunst"


def test_the_csv_headers_follow_the_readers_language(batch, client, staff_user):
    client.force_login(staff_user(FINANCE))
    french = client.get(f"/admin/vouchers/payoutbatch/{batch.pk}/betalingen.csv", HTTP_ACCEPT_LANGUAGE="fr")
    assert french.content.decode("utf-8-sig").startswith("Référence du paiement;Entreprise;")


def test_export_command_writes_the_same_bytes_as_the_admin(batch, client, staff_user, tmp_path):
    client.force_login(staff_user(FINANCE))
    for kind, url in [("sepa", "sepa.xml"), ("csv", "betalingen.csv")]:
        target = tmp_path / f"out.{kind}"
        call_command("export_payout_batch", batch.reference, "--format", kind, "--output", str(target))
        downloaded = client.get(f"/admin/vouchers/payoutbatch/{batch.pk}/{url}", HTTP_ACCEPT_LANGUAGE="nl")
        assert target.read_bytes() == downloaded.content


def test_export_command_lists_and_explains_bad_input(batch, capsys):
    call_command("export_payout_batch", "--list")
    assert capsys.readouterr().out.split() == [batch.reference]
    with pytest.raises(CommandError, match="No payout batch"):
        call_command("export_payout_batch", "UITB-1999-9999")
    with pytest.raises(CommandError, match="Give a batch reference"):
        call_command("export_payout_batch")
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_payout_batch", batch.reference, "--output", "/nonexistent/dir/x.xml")
    services.cancel_payout_batch(batch=batch, by=UserFactory(), reason="Fout bedrag")
    with pytest.raises(CommandError, match="geannuleerd"):
        call_command("export_payout_batch", batch.reference)


def test_finance_cancels_an_unpaid_batch_and_batches_again(batch, client, staff_user):
    client.force_login(staff_user(FINANCE))
    ids = list(batch.redemptions.values_list("pk", flat=True))
    client.post("/admin/vouchers/payoutbatch/", {"action": "cancel", "_selected_action": [batch.pk],
                                                 "confirmed": "1", "reason": "Verkeerde datum"})
    batch.refresh_from_db()
    assert batch.status == "cancelled" and batch.cancel_reason == "Verkeerde datum"
    assert set(Redemption.objects.filter(pk__in=ids).values_list("status", "batch")) == {
        (RedemptionStatus.APPROVED, None)}
    assert AuditEvent.objects.filter(action="payout.cancelled", object_id=str(batch.pk)).exists()
    again = services.create_payout_batch(by=UserFactory(), regie=batch.regie, execution_date=timezone.localdate())
    assert sorted(again.redemptions.values_list("pk", flat=True)) == sorted(ids)


def test_a_paid_batch_cannot_be_cancelled_or_changed(batch):
    services.mark_batch_paid(batch=batch, by=UserFactory(), paid_on=timezone.localdate())
    with pytest.raises(TransitionError):
        services.cancel_payout_batch(batch=batch, by=UserFactory(), reason="x")
    with pytest.raises(TransitionError):
        services.reschedule_payout_batch(batch=batch, by=UserFactory(), execution_date=timezone.localdate())
    assert PayoutBatch.objects.get(pk=batch.pk).status == "paid"
    assert sum(r.amount for r in batch.redemptions.all()) == Decimal("150.50")


@pytest.fixture
def maasland():
    """A second regie with its own bank account, BIC, legal name and enterprise number."""
    return RegieFactory(short_name="maasland", name="Regie Maasland", legal_name="Welzijnsregie Maasland",
                        iban="BE68539007547034", bic="BBRUBEBB", enterprise_number="0403170701",
                        hosts=["maasland.example"])


def regie_approved(firm, regie, amount="80.00"):
    """An approved redemption of a cheque of `regie`'s call, by `firm` (listed by `regie`, as it must be)."""
    FirmListing.objects.get_or_create(regie=regie, enterprise=firm.enterprise, defaults={"is_published": True})
    redemption = redeem(issued_voucher(call=CallFactory(regie=regie)), firm, amount=amount)
    services.confirm_redemption(redemption=redemption)
    return services.approve_redemption(redemption=redemption, by=UserFactory(is_staff=True))


def test_a_batch_of_the_second_regie_pays_its_redemptions_from_its_own_account(firm, regie, maasland):
    ours = regie_approved(firm, regie, "100.00")
    theirs = regie_approved(firm, maasland, "80.00")
    batch = services.create_payout_batch(by=UserFactory(), regie=maasland, execution_date=timezone.localdate())
    assert batch.regie == maasland and list(batch.redemptions.all()) == [theirs]
    content = sepa_xml(batch)
    root = ET.fromstring(content)
    assert root.find(".//p:InitgPty/p:Nm", NS).text == "Welzijnsregie Maasland"
    assert root.find(".//p:InitgPty/p:Id/p:OrgId/p:Othr/p:Id", NS).text == "0403170701"
    assert root.find(".//p:Dbtr/p:Nm", NS).text == "Welzijnsregie Maasland"
    assert root.find(".//p:DbtrAcct/p:Id/p:IBAN", NS).text == "BE68539007547034"
    assert root.find(".//p:DbtrAgt/p:FinInstnId/p:BIC", NS).text == "BBRUBEBB"
    assert root.find(".//p:CtrlSum", NS).text == "80.00"
    text = content.decode()
    assert not any(ours_ in text for ours_ in ("BE71096123456769", "GKCCBEBB", "0899000057", "Zuidoost"))
    Redemption.objects.get(pk=ours.pk, batch__isnull=True)  # the first regie's stays to be paid by it


def test_a_regie_without_a_bic_leaves_the_bank_to_find_it(firm, maasland):
    maasland.bic = ""
    maasland.save()
    regie_approved(firm, maasland)
    batch = services.create_payout_batch(by=UserFactory(), regie=maasland, execution_date=timezone.localdate())
    agent = ET.fromstring(sepa_xml(batch)).find(".//p:DbtrAgt/p:FinInstnId", NS)
    assert agent.find("p:BIC", NS) is None and agent.find("p:Othr/p:Id", NS).text == "NOTPROVIDED"


def test_a_regie_without_an_iban_gets_no_batch_and_says_why(firm, maasland):
    regie_approved(firm, maasland)
    maasland.iban = ""
    maasland.save()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.create_payout_batch(by=UserFactory(), regie=maasland, execution_date=timezone.localdate())
    assert error.value.messages == [
        "Regie Maasland has no IBAN to pay the firms from: a platform administrator adds it under Regies."]
    assert not PayoutBatch.objects.exists()


def test_a_batch_whose_regie_lost_its_iban_since_gets_no_bank_file(batch, regie):
    regie.iban = ""
    regie.save()
    batch.refresh_from_db()
    with translation.override("en"), pytest.raises(FileRefused) as refused:
        payout_file(batch, "sepa")
    assert str(refused.value.message) == ("Regie sociale economie Zuidoost-Limburg has no IBAN to pay the firms from: "
                                          "a platform administrator adds it under Regies.")
    assert payout_file(batch, "csv")[0]  # finance's own list still opens


def test_finance_on_the_second_regies_host_makes_its_batch(firm, regie, maasland, client, staff_user):
    ours, theirs = regie_approved(firm, regie), regie_approved(firm, maasland)
    finance = staff_user(FINANCE, regies=[maasland])
    choose_language(user=finance, language="en", by=finance)
    client.force_login(finance)
    client.post("/admin/vouchers/redemption/", {  # an id of the first regie posted too: not in this admin
        "action": "pay_per_firm", "_selected_action": [ours.pk, theirs.pk], "confirmed": "1",
        "execution_date": business_day_from(timezone.localdate()).isoformat()}, HTTP_HOST="maasland.example",
        follow=True)
    batch = PayoutBatch.objects.get()
    assert batch.regie == maasland and list(batch.redemptions.all()) == [theirs]
    ours.refresh_from_db()
    assert ours.batch is None and ours.status == "approved"
