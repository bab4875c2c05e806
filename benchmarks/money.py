"""Approvals under concurrency (admin requests from several processes) and the ledger check at scale."""
import random
import time
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from benchmarks.cheques import _applications, _call, _vouchers
from benchmarks.redemptions import WORKERS, _firms, in_processes
from benchmarks.regies import bench_regie
from enterprises.demo import seed_region
from vouchers.ledger import ledger_mismatches
from vouchers.models import Call, Redemption, Voucher

APPROVE_REQUESTS = 50


def _approve_requests(job):
    """In a child process: post each selection to the admin's approve action; returns the failures."""
    user_id, selections = job
    client = Client()
    client.force_login(get_user_model().objects.get(pk=user_id))
    failures = 0
    for ids in selections:
        response = client.post("/admin/vouchers/application/", {"action": "approve", "_selected_action": ids})
        failures += response.status_code != 302
    connection.close()
    return failures


def approvals():
    """50 overlapping approve requests from two coordinators, in WORKERS processes at once."""
    call = _call(str(500 * 120))  # budget for 120 cheques, 200 applications
    ids = [a.pk for a in _applications(call, 200, 600_000)]
    users = [get_user_model().objects.create_superuser(f"bench-coord-{uuid.uuid4().hex[:6]}", "b@example.be", "x")
             for _ in range(2)]
    rng = random.Random(7)
    selections = [rng.sample(ids, 20) for _ in range(APPROVE_REQUESTS)]
    jobs = [(users[i % 2].pk, selections[i::WORKERS]) for i in range(WORKERS)]
    failures, seconds = in_processes(_approve_requests, jobs)
    assert failures == 0, f"{failures} of {APPROVE_REQUESTS} approve requests did not answer 302"
    call.refresh_from_db()
    issued = Voucher.objects.filter(call=call).count()
    assert call.committed == call.face_value * issued and issued <= 120
    return {"approvals.per_second": {"value": round(APPROVE_REQUESTS / seconds, 1), "unit": "requests/s"},
            "approvals.errors": {"value": failures, "unit": "requests"}}


def ledger(cheques=10_000, redemptions=20_000):
    """check_ledger's work with 10,000 cheques and 20,000 redemptions (two per cheque, 100 + 150 EUR)."""
    call = _call(str(500 * cheques))
    vouchers = _vouchers(call, _applications(call, cheques, 700_000))
    firm = _firms()[0].enterprise
    rows = []
    for i in range(redemptions):
        voucher = vouchers[i % cheques]
        rows.append(Redemption(voucher=voucher, enterprise=firm, submission_key=uuid.uuid4(),
                               amount=Decimal("100.00") if i < cheques else Decimal("150.00"),
                               description="bench", service_date=voucher.valid_until, invoice_number="B",
                               invoice_date=voucher.valid_until, invoice_amount=Decimal("500.00"),
                               invoice="invoices/bench.pdf", status="approved"))
    Redemption.objects.bulk_create(rows, batch_size=2000)
    Voucher.objects.filter(call=call).update(balance=Decimal("250.00"), status="partly_used")
    Call.objects.filter(pk=call.pk).update(committed=500 * cheques, redeemed=250 * cheques)
    start = time.perf_counter()
    mismatches = ledger_mismatches(calls=Call.objects.filter(pk=call.pk))
    seconds = time.perf_counter() - start
    assert mismatches == [], mismatches[:3]
    return {"ledger.check_seconds": {"value": round(seconds, 2), "unit": "s"},
            "ledger.cheques": {"value": cheques, "unit": "cheques"},
            "ledger.redemptions": {"value": redemptions, "unit": "redemptions"}}


def run():
    seed_region(bench_regie())
    results = ledger()
    if connection.vendor != "postgresql":
        print("approvals.*: skipped, needs PostgreSQL (set DATABASE_URL=postgres:///regie)")
        return results
    results.update(approvals())
    return results
