"""Redemptions under concurrency (PostgreSQL only: SQLite has no row locks).

Eight worker processes (forked after setup, each with its own database connection), so that
both cores work; threads would share one interpreter lock.

- redemption.per_second: successful redemptions of distinct cheques through the service;
  redemption.p99_ms: the time one of them takes (99th percentile), with the eight at work.
- redemption.double_spends: 1,000 concurrent attempts to spend 50 cheques in full; euros recorded
  beyond what the cheques allow (must be 0).
"""
import multiprocessing
import random
import time
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from benchmarks.cheques import _applications, _call, _vouchers
from benchmarks.regies import bench_regie
from enterprises.demo import demo_enterprise_number, seed_region
from enterprises.models import FirmListing, FirmMembership, Postcode, SocialEnterprise
from regie.dates import add_years
from vouchers import services
from vouchers.demo import demo_invoice
from vouchers.models import Voucher

WORKERS = 8


def _firms():
    postcode = Postcode.objects.first()
    memberships = []
    for i in range(WORKERS):
        firm = SocialEnterprise.objects.create(
            name=f"Bench firma {i}", slug=f"bench-firma-{uuid.uuid4().hex[:8]}", kind="maatwerkbedrijf",
            enterprise_number=demo_enterprise_number(900_000 + i + random.randrange(10_000) * 10), street="x",
            postcode=postcode, summary_nl="x",
            recognition_valid_until=add_years(timezone.localdate(), 1))
        FirmListing.objects.create(regie=bench_regie(), enterprise=firm, is_published=True)
        user = get_user_model().objects.create_user(f"bench-{uuid.uuid4().hex[:8]}")
        memberships.append(FirmMembership.objects.create(user=user, enterprise=firm))
    return memberships


def _redeem(code, enterprise_number, membership, amount, invoice):
    today = timezone.localdate()
    return services.submit_redemption(
        code=code, customer_enterprise_number=enterprise_number,
        enterprise=membership.enterprise, by=membership.user, submission_key=uuid.uuid4(), regie=bench_regie(),
        data={"amount": amount, "description": "bench", "service_date": today,
              "invoice_number": f"B-{uuid.uuid4().hex[:12]}",  # an invoice proves one redemption of a firm
              "invoice_date": today, "invoice_amount": Decimal("500.00")},
        invoice=SimpleUploadedFile("f.pdf", invoice, content_type="application/pdf"))


def _worker(job):
    """In a child process: redeem each (code, number) for one firm; returns how many were accepted, and the
    milliseconds each attempt took."""
    membership_id, cheques, amount, invoice = job
    membership = FirmMembership.objects.select_related("user", "enterprise").get(pk=membership_id)
    accepted, took = 0, []
    for code, number in cheques:
        start = time.perf_counter()
        try:
            _redeem(code, number, membership, amount, invoice)
            accepted += 1
        except ValidationError:
            pass
        took.append((time.perf_counter() - start) * 1000)
    connection.close()
    return accepted, took


def each_in_processes(worker, jobs):
    """Run worker(job) for each job in WORKERS forked processes; returns (the results, seconds)."""
    connection.close()  # every child opens its own connection
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        pool.map(abs, range(WORKERS))  # the workers are up before the clock starts
        start = time.perf_counter()
        results = pool.map(worker, jobs, chunksize=1)
        return results, time.perf_counter() - start


def in_processes(worker, jobs):
    """each_in_processes, with the workers' results summed."""
    results, seconds = each_in_processes(worker, jobs)
    return sum(results), seconds


def _cheques(budget, count, start):
    call = _call(budget)
    vouchers = _vouchers(call, _applications(call, count, start))
    pairs = list(Voucher.objects.filter(pk__in=[v.pk for v in vouchers])
                 .values_list("code", "application__enterprise_number"))
    return call, pairs


def throughput(memberships, invoice, count=2000):
    """(redemptions per second, 99th percentile of their milliseconds)."""
    _the_call, pairs = _cheques("10000000", count, 400_000)
    jobs = [(memberships[i].pk, pairs[i::WORKERS], Decimal("120.00"), invoice) for i in range(WORKERS)]
    results, seconds = each_in_processes(_worker, jobs)
    accepted = sum(done for done, _took in results)
    assert accepted == count
    took = sorted(ms for _done, times in results for ms in times)
    return accepted / seconds, took[int(len(took) * 0.99) - 1]


def double_spends(memberships, invoice, cheques=50, attempts=1000):
    call, pairs = _cheques("1000000", cheques, 500_000)
    plan = [pairs[i % cheques] for i in range(attempts)]
    random.Random(7).shuffle(plan)
    jobs = [(memberships[i].pk, plan[i::WORKERS], Decimal("500.00"), invoice) for i in range(WORKERS)]
    each_in_processes(_worker, jobs)
    excess = Decimal("0")
    for voucher in Voucher.objects.filter(call=call).annotate(used=Sum("redemptions__amount")):
        excess += max(Decimal("0"), (voucher.used or 0) - voucher.face_value)
    return float(excess)


def run():
    engine = connection.vendor
    results = {"redemption.database": {"value": engine, "unit": "engine"}}
    if engine != "postgresql":
        print("redemption.*: skipped, needs PostgreSQL (set DATABASE_URL=postgres:///regie)")
        return results
    seed_region(bench_regie())  # idempotent: each benchmark module can run alone
    memberships = _firms()
    invoice = demo_invoice("BENCH").read()
    per_second, p99 = throughput(memberships, invoice)
    results["redemption.per_second"] = {"value": round(per_second, 1), "unit": "redemptions/s"}
    results["redemption.p99_ms"] = {"value": round(p99, 1), "unit": "ms"}
    results["redemption.double_spends"] = {"value": double_spends(memberships, invoice), "unit": "EUR beyond value"}
    return results
