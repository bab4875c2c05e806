"""`import_bank_statement` on a generated camt.053.001.08 (tests/support/bank_statements.py) with 10,000 entries,
each the debit of one payment of an open batch (one payment per redemption), imported end to end: read, matched,
every payment paid, its redemptions and the call's paid figure moved, the entries stored. Entries per second
(target >= 2,000); the ledger must agree afterwards."""
import time
import uuid
from decimal import Decimal

from django.utils import timezone

from benchmarks.cheques import _applications, _call, _vouchers
from benchmarks.redemptions import _firms
from benchmarks.regies import bench_regie
from enterprises.demo import seed_region
from enterprises.models import SocialEnterprise
from tests.support.bank_statements import EntryFactory, write_camt053
from vouchers import services
from vouchers.ledger import ledger_mismatches
from vouchers.models import Call, Payment, PaymentStatus, Redemption, Voucher

ENTRIES = 10_000
IBANS = ["BE21001234567803", "BE62510007547061", "BE68539007547034", "BE71096123456769"]


def _approved_redemptions(count):
    """`count` approved redemptions of 100 EUR, one per cheque, spread over the benchmark's firms."""
    call = _call(str(500 * count))
    vouchers = _vouchers(call, _applications(call, count, 800_000))
    firms = [membership.enterprise for membership in _firms()]
    for firm, iban in zip(firms, IBANS[:2] * 4, strict=True):
        SocialEnterprise.objects.filter(pk=firm.pk).update(iban=iban)
    Redemption.objects.bulk_create([
        Redemption(voucher=voucher, enterprise=firms[i % len(firms)], submission_key=uuid.uuid4(),
                   amount=Decimal("100.00"), description="bench", service_date=voucher.valid_until,
                   invoice_number=f"B-{i}", invoice_number_key=f"B-{i}", invoice_date=voucher.valid_until,
                   invoice_amount=Decimal("500.00"), invoice="invoices/bench.pdf", status="approved")
        for i, voucher in enumerate(vouchers)], batch_size=2000)
    Voucher.objects.filter(call=call).update(balance=Decimal("400.00"), status="partly_used")
    Call.objects.filter(pk=call.pk).update(committed=500 * count, redeemed=100 * count)
    return call


def _statement(payments, *, account):
    booked = timezone.localdate()
    entries = [EntryFactory(key=f"BENCH-{uuid.uuid4().hex[:8]}-{p.pk}", end_to_end_id=p.end_to_end_id,
                            communication=p.communication.strip("+").replace("/", ""), amount=p.amount,
                            counterparty_iban=p.iban, counterparty_name=p.creditor_name, booking_date=booked,
                            value_date=booked) for p in payments]
    return write_camt053(entries, version="001.08", iban=account, statement_id=f"BENCH-{uuid.uuid4().hex[:12]}")


def run():
    seed_region(bench_regie())
    call = _approved_redemptions(ENTRIES)
    batch = services.create_payout_batch(  # its own redemptions only: other sections leave theirs approved
        by=None, regie=call.regie, execution_date=timezone.localdate(), one_payment_per_firm=False,
        redemption_ids=list(Redemption.objects.filter(voucher__call=call).values_list("pk", flat=True)))
    content = _statement(batch.payments.order_by("pk"), account=call.regie.iban)
    started = time.perf_counter()
    result = services.import_bank_statement(content=content, filename="bench.xml", by=None, regie=call.regie)
    seconds = time.perf_counter() - started
    assert result.statements[0].paid == ENTRIES, str(result)
    assert not Payment.objects.filter(batch=batch).exclude(status=PaymentStatus.PAID).exists()
    assert ledger_mismatches(calls=Call.objects.filter(pk=call.pk)) == []
    return {
        "bank_statement.entries_per_second": {"value": round(ENTRIES / seconds), "unit": "entries/s"},
        "bank_statement.import_seconds": {"value": round(seconds, 2), "unit": "s"},
        "bank_statement.file_mb": {"value": round(len(content) / 1024 / 1024, 1), "unit": "MB"},
    }
