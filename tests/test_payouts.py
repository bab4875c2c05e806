"""Finance: payout batches, the SEPA file read back, the CSV, marking paid."""
import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from stdnum.be import ogm_vcs

from regie.accounts.groups import COORDINATORS, FINANCE
from tests.clock import at, brussels
from tests.factories import FirmMembershipFactory, RegieFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import issued_voucher, redeem
from vouchers import services
from vouchers.bank_files.sepa import sepa_xml, structured_communication
from vouchers.bank_files.spreadsheet import payout_csv
from vouchers.exceptions import TransitionError
from vouchers.models import PayoutBatch, Redemption, RedemptionStatus

pytestmark = pytest.mark.django_db
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def approved(voucher, membership, amount):
    redemption = redeem(voucher, membership, amount=amount)
    services.confirm_redemption(redemption=redemption)
    return services.approve_redemption(redemption=redemption, by=UserFactory(is_staff=True))


@pytest.fixture
def two_firms():
    firm_a = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(name="Atelier A", iban="BE21001234567803"))
    firm_b = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(name="Bureau B", iban="BE62510007547061"))
    voucher, other = issued_voucher(), issued_voucher()
    return {"a": [approved(voucher, firm_a, "100.00"), approved(other, firm_a, "250.50")],
            "b": [approved(voucher, firm_b, "99.99")], "memberships": (firm_a, firm_b)}


def test_batch_per_firm_sums_and_the_sepa_file_reads_back(two_firms, regie):
    finance = UserFactory(is_staff=True)
    batch = services.create_payout_batch(by=finance, regie=regie, execution_date=timezone.localdate())
    assert batch.reference.startswith("UITB-") and batch.redemptions.count() == 3
    root = ET.fromstring(sepa_xml(batch))
    assert root.find(".//p:Dbtr/p:Nm", NS).text == "Regie sociale economie Zuidoost-Limburg"
    assert root.find(".//p:DbtrAcct/p:Id/p:IBAN", NS).text == "BE71096123456769"
    transactions = root.findall(".//p:CdtTrfTxInf", NS)
    found = {tx.find("p:Cdtr/p:Nm", NS).text: (tx.find(".//p:CdtrAcct/p:Id/p:IBAN", NS).text,
                                               Decimal(tx.find(".//p:InstdAmt", NS).text),
                                               tx.find(".//p:EndToEndId", NS).text,
                                               tx.find(".//p:RmtInf/p:Strd/p:CdtrRefInf/p:Ref", NS).text)
             for tx in transactions}
    assert found["Atelier A"][:2] == ("BE21001234567803", Decimal("350.50"))
    assert found["Bureau B"][:2] == ("BE62510007547061", Decimal("99.99"))
    assert root.find(".//p:GrpHdr/p:CtrlSum", NS).text == "450.49"
    for _iban, _amount, end_to_end, reference in found.values():
        assert end_to_end.startswith(batch.reference)
        assert len(reference) == 12 and ogm_vcs.is_valid(reference)
    assert len({c for *_, c in found.values()}) == 2


def test_batch_per_redemption_and_the_csv(two_firms):
    batch = services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate(),
                                         one_payment_per_firm=False)
    rows = list(csv.DictReader(io.StringIO(payout_csv(batch).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 3
    assert sorted(r["Bedrag (EUR)"] for r in rows) == ["100,00", "250,50", "99,99"]
    assert all(ogm_vcs.is_valid(r["Gestructureerde mededeling"]) for r in rows)


def test_structured_communications_are_valid_for_any_base():
    for base in [0, 1, 97, 1234567890, 99999_99999]:
        assert ogm_vcs.is_valid(structured_communication(base).strip("+"))


def test_a_redemption_is_never_in_two_batches(two_firms, regie):
    first = services.create_payout_batch(by=UserFactory(), regie=regie, execution_date=timezone.localdate())
    ids = list(first.redemptions.values_list("pk", flat=True))
    with pytest.raises(TransitionError):
        services.create_payout_batch(by=UserFactory(), regie=regie, execution_date=timezone.localdate(),
                                     redemption_ids=ids)
    with pytest.raises(TransitionError):
        services.create_payout_batch(by=UserFactory(), regie=regie, execution_date=timezone.localdate())
    assert PayoutBatch.objects.count() == 1


def test_a_firm_without_valid_iban_blocks_the_batch(two_firms):
    firm_b = two_firms["memberships"][1].enterprise
    type(firm_b).objects.filter(pk=firm_b.pk).update(iban="")
    with pytest.raises(TransitionError) as error:
        services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate())
    assert "Bureau B" in str(error.value.message)
    assert not PayoutBatch.objects.exists() and not Redemption.objects.filter(batch__isnull=False).exists()


def test_unapproved_redemptions_cannot_be_paid():
    redemption = redeem(issued_voucher())
    with pytest.raises(TransitionError):
        services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate(),
                                     redemption_ids=[redemption.pk])


def test_marking_paid_dates_every_redemption_and_sends_each_firm_one_advice(
        two_firms, django_capture_on_commit_callbacks):
    batch = services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_batch_paid(batch=batch, by=UserFactory(), paid_on=timezone.localdate())
    assert set(Redemption.objects.values_list("status", flat=True)) == {RedemptionStatus.PAID}
    assert set(Redemption.objects.values_list("paid_at", flat=True)) == {timezone.localdate()}
    assert len(mail.outbox) == 2 and all("Betalingsadvies" in m.subject for m in mail.outbox)  # one per transfer
    with pytest.raises(TransitionError):
        services.mark_batch_paid(batch=batch, by=UserFactory(), paid_on=timezone.localdate())


def offered_date(page):
    """The requested execution date the batch form shows (its default, or the date it proposes)."""
    return re.search(r'name="execution_date" value="([0-9-]+)"', page.content.decode()).group(1)


def pay_in_the_admin(client, ids, action="pay_per_firm", execution_date=None):
    """Select redemptions, choose the action, and confirm the form (with the date it offers, unless given)."""
    form = client.post("/admin/vouchers/redemption/", {"action": action, "_selected_action": ids})
    return client.post("/admin/vouchers/redemption/", {
        "action": action, "_selected_action": ids, "confirmed": "1",
        "execution_date": execution_date or offered_date(form)}, follow=True)


def test_finance_creates_downloads_and_pays_in_the_admin(client, two_firms, staff_user):
    client.force_login(staff_user(FINANCE))
    ids = [r.pk for r in Redemption.objects.all()]
    pay_in_the_admin(client, ids)
    batch = PayoutBatch.objects.get()
    xml = client.get(f"/admin/vouchers/payoutbatch/{batch.pk}/sepa.xml")
    assert xml.status_code == 200 and b"CstmrCdtTrfInitn" in xml.content
    assert client.get(f"/admin/vouchers/payoutbatch/{batch.pk}/betalingen.csv").status_code == 200
    client.post("/admin/vouchers/payoutbatch/", {"action": "mark_paid", "_selected_action": [batch.pk]})
    assert PayoutBatch.objects.get().status == "paid"
    actions = dict(client.get("/admin/vouchers/redemption/").context["action_form"].fields["action"].choices)
    assert "pay_per_firm" in actions and "approve" not in actions and "reject" not in actions  # finance pays only


def test_the_coordinator_cannot_create_payouts(client, two_firms, staff_user):
    client.force_login(staff_user(COORDINATORS))
    ids = [r.pk for r in Redemption.objects.all()]
    actions = dict(client.get("/admin/vouchers/redemption/").context["action_form"].fields["action"].choices)
    assert "approve" in actions and "pay_per_firm" not in actions
    client.post("/admin/vouchers/redemption/", {"action": "pay_per_firm", "_selected_action": ids})
    assert not PayoutBatch.objects.exists()


def test_partner_sees_paid(client, two_firms):
    batch = services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate())
    services.mark_batch_paid(batch=batch, by=UserFactory(), paid_on=timezone.localdate())
    client.force_login(two_firms["memberships"][0].user)
    body = client.get("/nl/partner/").content.decode()
    assert body.count("Betaald") >= 2 and timezone.localdate().strftime("%d/%m/%Y") in body


def test_a_selection_with_some_already_in_a_batch_pays_the_rest_says_what_was_left_out_and_links_the_batch(
        client, two_firms, staff_user):
    services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate(),
                                 redemption_ids=[r.pk for r in two_firms["a"]])
    waiting = redeem(issued_voucher(), two_firms["memberships"][1])  # submitted, not approved yet
    client.force_login(staff_user(FINANCE))
    page = pay_in_the_admin(client, [r.pk for r in Redemption.objects.all()])
    new = PayoutBatch.objects.latest("pk")
    assert list(new.redemptions.all()) == two_firms["b"]
    body = page.content.decode()
    assert f'<a href="/admin/vouchers/payoutbatch/{new.pk}/change/">{new.reference}</a>' in body
    assert "Uitbetaling <a href" in body and "aangemaakt, uit te voeren op" in body
    assert "2 inwisselingen zaten al in een uitbetaling en zijn weggelaten." in body
    assert "1 inwisseling is niet goedgekeurd en is weggelaten." in body
    assert Redemption.objects.get(pk=waiting.pk).batch is None


def test_nothing_payable_in_the_selection_makes_no_batch(client, two_firms, staff_user):
    services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate())
    client.force_login(staff_user(FINANCE))
    page = pay_in_the_admin(client, [r.pk for r in Redemption.objects.all()])
    assert PayoutBatch.objects.count() == 1
    assert "Alleen goedgekeurde inwisselingen die nog niet in een uitbetaling zitten" in page.content.decode()


def test_finance_lists_the_redemptions_approved_and_not_yet_in_a_batch(client, two_firms, staff_user):
    services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate(),
                                 redemption_ids=[r.pk for r in two_firms["a"]])
    redeem(issued_voucher(), two_firms["memberships"][1])  # submitted, not approved yet
    client.force_login(staff_user(FINANCE))
    everything = client.get("/admin/vouchers/redemption/")
    assert "Goedgekeurd, nog niet in een uitbetaling" in everything.content.decode()
    to_pay = client.get("/admin/vouchers/redemption/?uitbetaling=nog_niet")
    assert list(to_pay.context["cl"].result_list) == two_firms["b"]


def test_the_execution_date_offered_and_accepted_is_a_bank_business_day(client, two_firms, staff_user):
    """Easter 2027: Saturday 27 March, Sunday 28, Easter Monday 29 (a TARGET closing day): banks pay on the 30th."""
    ids = [r.pk for r in Redemption.objects.all()]
    with at(brussels(datetime.date(2027, 3, 27), 10)):
        client.force_login(staff_user(FINANCE))
        form = client.post("/admin/vouchers/redemption/", {"action": "pay_per_firm", "_selected_action": ids})
        assert offered_date(form) == "2027-03-30"
        refused = client.post("/admin/vouchers/redemption/", {
            "action": "pay_per_firm", "_selected_action": ids, "confirmed": "1", "execution_date": "2027-03-29"})
        assert not PayoutBatch.objects.exists()
        assert offered_date(refused) == "2027-03-30"
        assert ("Banken voeren op maandag 29/03/2027 geen overschrijvingen uit (weekend of TARGET-sluitingsdag). "
                "De volgende bankwerkdag, dinsdag 30/03/2027, is ingevuld") in refused.content.decode()
        pay_in_the_admin(client, ids, execution_date=offered_date(refused))
        assert PayoutBatch.objects.get().execution_date == datetime.date(2027, 3, 30)
        rescheduled = client.post("/admin/vouchers/payoutbatch/", {
            "action": "reschedule", "_selected_action": [PayoutBatch.objects.get().pk], "confirmed": "1",
            "execution_date": "2027-04-03"})
        assert offered_date(rescheduled) == "2027-04-05"  # Saturday -> Monday
        assert PayoutBatch.objects.get().execution_date == datetime.date(2027, 3, 30)


def test_the_date_page_of_a_new_batch_carries_the_regies_header_and_one_title(client, two_firms, staff_user):
    client.force_login(staff_user(FINANCE))
    ids = [r.pk for r in Redemption.objects.all()]
    body = client.post("/admin/vouchers/redemption/",
                       {"action": "pay_per_firm", "_selected_action": ids}).content.decode()
    assert "Regie sociale economie Zuidoost-Limburg" in body and "Django" not in body
    assert body.count("<h1") == 1
