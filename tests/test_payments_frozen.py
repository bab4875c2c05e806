"""A batch is frozen when made: each payment keeps the creditor's name, IBAN, BIC, communication and end-to-end id
it was created with, the file asks the bank to book each payment on its own, and each payment is paid on its own."""
import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import timezone

from enterprises.models import SocialEnterprise
from tests.factories import FirmMembershipFactory, RegieFactory, SocialEnterpriseFactory, UserFactory
from tests.test_bank_files import approved
from vouchers import services
from vouchers.bank_files.sepa import sepa_xml
from vouchers.exceptions import TransitionError
from vouchers.ledger import ledger_mismatches
from vouchers.models import Call, PaymentStatus, PayoutBatchStatus, RedemptionStatus

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


@pytest.fixture
def firms():
    return [FirmMembershipFactory(enterprise=SocialEnterpriseFactory(
        name=name, iban=iban, enterprise_number=number)) for name, iban, number in [
        ("De Groene Hand", "BE21001234567803", "0899002334"),
        ("Kringwinkel Tongeren", "BE62510007547061", "0403170701")]]


def transfers(batch):
    root = ET.fromstring(sepa_xml(batch))
    return root, {t.find("p:PmtId/p:EndToEndId", NS).text: t for t in root.iterfind(".//p:CdtTrfTxInf", NS)}


def test_the_file_keeps_what_the_batch_was_made_with_and_books_each_payment_alone(firms):
    for firm in firms:
        approved(firm, "120.00")
    batch = services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate())
    before = sepa_xml(batch)
    SocialEnterprise.objects.filter(pk=firms[0].enterprise.pk).update(name="Andere Naam", iban="BE62510007547061")
    assert sepa_xml(batch) == before  # the firm's edit after the batch was made changes nothing finance checked
    root, by_id = transfers(batch)
    assert root.find(".//p:PmtInf/p:BtchBookg", NS).text == "false"
    first = by_id[f"{batch.reference}-F{firms[0].enterprise.pk}"]
    assert first.find("p:Cdtr/p:Nm", NS).text == "De Groene Hand"
    assert first.find("p:CdtrAcct/p:Id/p:IBAN", NS).text == "BE21001234567803"
    assert first.find("p:CdtrAgt/p:FinInstnId/p:BIC", NS).text == "GEBABEBB"
    payment = batch.payments.get(enterprise=firms[0].enterprise)
    assert (payment.creditor_name, payment.iban, payment.bic, payment.amount) == (
        "De Groene Hand", "BE21001234567803", "GEBABEBB", Decimal("120.00"))
    assert payment.communication.startswith("+++") and len(set(batch.payments.values_list("end_to_end_id"))) == 2


def test_each_payment_is_paid_on_its_own_date_and_the_batch_when_all_are(firms):
    redemptions = [approved(firm, "100.00") for firm in firms]
    calls = [r.voucher.call_id for r in redemptions]
    batch = services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate())
    first, second = batch.payments.order_by("creditor_name")
    monday, tuesday = datetime.date(2026, 12, 7), datetime.date(2026, 12, 8)
    services.mark_payment_paid(payment=first, by=None, booked_on=monday)
    batch.refresh_from_db()
    redemptions[0].refresh_from_db()
    assert (batch.status, redemptions[0].status, redemptions[0].paid_at) == (
        PayoutBatchStatus.OPEN, RedemptionStatus.PAID, monday)
    assert sum(Call.objects.filter(pk__in=calls).values_list("paid", flat=True)) == Decimal("100.00")
    with pytest.raises(TransitionError):
        services.cancel_payout_batch(batch=batch, by=UserFactory(), reason="verkeerd")
    with pytest.raises(TransitionError):
        services.mark_payment_paid(payment=first, by=None, booked_on=tuesday)
    services.mark_payment_paid(payment=second, by=None, booked_on=tuesday)
    batch.refresh_from_db()
    assert (batch.status, batch.paid_on) == (PayoutBatchStatus.PAID, tuesday)
    assert sum(Call.objects.filter(pk__in=calls).values_list("paid", flat=True)) == Decimal("200.00")


def test_by_hand_pays_what_the_bank_has_not_booked_and_a_cancelled_batch_cancels_its_payments(firms):
    for firm in firms:
        approved(firm, "80.00")
    batch = services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate())
    services.cancel_payout_batch(batch=batch, by=UserFactory(), reason="Verkeerde datum")
    assert set(batch.payments.values_list("status", flat=True)) == {PaymentStatus.CANCELLED}
    again = services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate())
    finance = UserFactory()
    services.mark_batch_paid(batch=again, by=finance, paid_on=datetime.date(2026, 12, 9))
    assert {(p.status, p.booked_on, p.marked_paid_by) for p in again.payments.all()} == {
        (PaymentStatus.PAID, datetime.date(2026, 12, 9), finance)}


def test_a_batch_made_before_payments_were_frozen_keeps_its_file(firms):
    approved(firms[0], "75.00")
    batch = services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate())
    type(batch).objects.filter(pk=batch.pk).update(books_each_payment=False)
    batch.refresh_from_db()
    root, by_id = transfers(batch)
    assert root.find(".//p:PmtInf/p:BtchBookg", NS).text == "true"
    assert [t.find("p:CdtrAgt", NS) for t in by_id.values()] == [None]


def test_the_ledger_check_finds_a_payment_that_does_not_add_up(firms):
    for firm in firms:
        approved(firm, "60.00")
    batch = services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate())
    services.mark_batch_paid(batch=batch, by=UserFactory(), paid_on=datetime.date(2026, 12, 9))
    assert ledger_mismatches() == []
    first, second = batch.payments.order_by("creditor_name")
    type(first).objects.filter(pk=first.pk).update(amount=Decimal("61.00"))
    type(second).objects.filter(pk=second.pk).update(status=PaymentStatus.SENT)
    found = {(m.kind, m.field, str(m.expected), str(m.found)) for m in ledger_mismatches()}
    assert found == {("payment", "amount", "60.00", "61.00"), ("redemption", "paid payments", "1", "0"),
                     ("batch", "payments with the bank", "0", "some")}


def test_the_ledger_check_finds_a_batch_paying_another_regies_redemption(firms, regie):
    approved(firms[0], "60.00")
    batch = services.create_payout_batch(by=UserFactory(), regie=regie, execution_date=timezone.localdate())
    assert ledger_mismatches() == []
    maasland = RegieFactory(short_name="maasland", name="Regie Maasland", hosts=["maasland.example"])
    type(batch).objects.filter(pk=batch.pk).update(regie=maasland)  # behind the services' back
    [payment] = batch.payments.all()
    assert [(m.kind, m.label, m.field, m.expected, m.found) for m in ledger_mismatches()] == [
        ("payment", payment.end_to_end_id, "regie of its redemptions", "maasland", "zuidoost")]
