"""The coordinator's dashboard and the programme report: a call with 10 applications and one with 10,000
applications, 10,000 cheques and 20,000 redemptions."""
import statistics
import time
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.cheques import _applications, _call, _vouchers
from benchmarks.redemptions import _firms
from benchmarks.regies import bench_regie
from enterprises.demo import seed_region
from regie.dates import add_years
from vouchers.models import Call, Redemption, Voucher
from vouchers.reports.figures import Scope
from vouchers.reports.programme import programme_report


def _call_with(size, start, firm):
    call = _call(str(500 * size))
    vouchers = _vouchers(call, _applications(call, size, start))
    Redemption.objects.bulk_create([
        Redemption(voucher=voucher, enterprise=firm, submission_key=uuid.uuid4(),
                   amount=Decimal("100.00") if i < size else Decimal("150.00"), description="bench",
                   service_date=voucher.valid_until, invoice_number="B", invoice_date=voucher.valid_until,
                   invoice_amount=Decimal("500.00"), invoice="invoices/bench.pdf", status="approved")
        for i, voucher in enumerate(vouchers * 2)], batch_size=2000)
    Voucher.objects.filter(call=call).update(balance=Decimal("250.00"), status="partly_used")
    Call.objects.filter(pk=call.pk).update(committed=500 * size, redeemed=250 * size)
    return call


def _measure(client, call, runs=10):
    url = f"/admin/dashboard/?call={call.pk}"
    reset_queries()  # the request resets the query log; start the count from an empty one
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    queries = len(captured)  # read now: the next requests empty the log it reads from
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        status = client.get(url).status_code
        timings.append((time.perf_counter() - start) * 1000)
        assert status == 200, f"{url}: {status}"  # a fast error page is no measure of the page
    return statistics.median(timings), queries


def run():
    seed_region(bench_regie())
    firm = _firms()[0].enterprise
    small, big = _call_with(10, 900_000, firm), _call_with(10_000, 910_000, firm)
    # The small call ran a year earlier, so the big call's "new customers" are looked up against it.
    Call.objects.filter(pk=small.pk).update(opens_on=add_years(small.opens_on, -1))
    if connection.vendor == "postgresql":  # as autovacuum would after a load this size: plan with fresh statistics
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    user = get_user_model().objects.create_superuser(f"bench-dash-{uuid.uuid4().hex[:6]}", "d@example.be", "x")
    client = Client()
    client.force_login(user)
    assert client.get("/admin/").status_code == 200  # the host's regie in the cache, as after any earlier page
    small_ms, small_queries = _measure(client, small)
    big_ms, big_queries = _measure(client, big)
    start = time.perf_counter()
    pdf, _name = programme_report(Scope(regie=big.regie, call=big), "nl")
    seconds = time.perf_counter() - start
    assert pdf.startswith(b"%PDF")
    return {
        "dashboard.median_ms": {"value": round(big_ms, 1), "unit": "ms"},
        "dashboard.median_ms_10": {"value": round(small_ms, 1), "unit": "ms"},
        "dashboard.queries": {"value": big_queries, "unit": "queries"},
        "dashboard.queries_10": {"value": small_queries, "unit": "queries"},
        "programme_report.seconds": {"value": round(seconds, 2), "unit": "s"},
    }
