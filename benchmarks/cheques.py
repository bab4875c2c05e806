"""Cheque PDFs (render time, what tagging costs, speed-up over WeasyPrint's defaults, printing 1,000) and the
coordinator's application list (queries with 10 and 10,000 applications)."""
import statistics
import time
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from weasyprint import HTML

from benchmarks.regies import bench_regie
from enterprises.demo import demo_enterprise_number, seed_region
from enterprises.models import Municipality
from regie.dates import add_years
from vouchers import pdf, printing, services
from vouchers.codes import generate_code
from vouchers.models import Application, Call, Voucher

RENDERS = 30


def _call(budget):
    today = timezone.localdate()
    return Call.objects.create(regie=bench_regie(), name=f"Bench {uuid.uuid4().hex[:6]}", budget=Decimal(budget),
                               opens_on=today.replace(day=1), closes_on=add_years(today, 1))


def _applications(call, count, start):
    municipality = Municipality.objects.first()
    return Application.objects.bulk_create([
        Application(call=call, submission_key=uuid.uuid4(), status="verified", company_name=f"Bench BV {i}",
                    enterprise_number=demo_enterprise_number(300_000 + i), street="Benchstraat 1", postcode="3700",
                    place="Tongeren", municipality=municipality, sector="retail", size="1-9", contact_name="Bench",
                    email=f"bench{i}@example.be", phone="012", language=("nl", "fr", "en")[i % 3],
                    motivation="Bench", deminimis_amount=0, accepted_terms_at=timezone.now(),
                    verified_at=timezone.now())
        for i in range(start, start + count)
    ])


def _vouchers(call, applications):
    valid_until = add_years(timezone.localdate(), 1)
    return Voucher.objects.bulk_create([
        Voucher(application=a, call=call, code=generate_code(), face_value=call.face_value, balance=call.face_value,
                valid_until=valid_until)
        for a in applications
    ])


def _median_ms(function, runs):
    function()  # warm
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def naive_render(html):
    """WeasyPrint with its defaults: a new font configuration per document, the system's sans-serif."""
    css = (pdf.Path(pdf.__file__).parent / "cheque.css").read_text().replace('"Cheque Sans", ', "")
    return HTML(string=html.replace("<head>", f"<head><style>{css}</style>", 1)).write_pdf()


def untagged_render(html):
    """Our render without PDF/UA: no structure tree, no /Lang (to measure what tagging costs)."""
    HTML, stylesheet, font_config = pdf._weasyprint()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[stylesheet], font_config=font_config)


def pdf_metrics():
    voucher = _vouchers(_call("1000"), _applications(_call("0"), 1, 0))[0]
    voucher = Voucher.objects.select_related("application", "call__regie").get(pk=voucher.pk)
    ours = _median_ms(lambda: pdf.render_cheque_pdf(voucher), RENDERS)
    html = pdf.cheque_html(voucher)
    naive = _median_ms(lambda: naive_render(html), RENDERS // 3)
    rendered_ours = _median_ms(lambda: pdf.render_pdf(html), RENDERS)
    untagged = _median_ms(lambda: untagged_render(html), RENDERS)
    return {
        "cheque_pdf.median_ms": {"value": round(ours, 1), "unit": "ms"},
        "cheque_pdf.speedup_vs_naive": {"value": round(naive / rendered_ours, 2), "unit": "x"},
        "cheque_pdf.tagging_cost_ms": {"value": round(rendered_ours - untagged, 1), "unit": "ms"},
        "cheque_pdf.tagging_cost_bytes": {"value": len(pdf.render_pdf(html)) - len(untagged_render(html)),
                                          "unit": "bytes"},
    }


def batch_metric():
    call = _call("500000")
    vouchers = _vouchers(call, _applications(call, 1000, 10_000))
    for voucher in Voucher.objects.filter(call=call).select_related("application", "call__regie"):
        services.store_cheque_pdf(voucher=voucher)  # at issue time, as in production
    start = time.perf_counter()
    printable = list(Voucher.objects.filter(pk__in=[v.pk for v in vouchers]).select_related("application", "call")
                     .order_by("pk"))  # as the admin's action reads them
    merged = printing.merge_pdfs(services.stored_cheque_pdfs(vouchers=printable), title="Bench", language="nl")
    seconds = time.perf_counter() - start
    assert merged.startswith(b"%PDF")
    return {"cheque_batch_1000.seconds": {"value": round(seconds, 2), "unit": "s"}}


def admin_list_metric():
    user = get_user_model().objects.create_superuser("bench-admin", "bench@example.be", "x")
    client = Client()
    client.force_login(user)
    call = _call("0")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/vouchers/application/", {"call__id__exact": call.pk}).status_code == 200
        return len(captured)

    _applications(call, 10, 100_000)
    with_10 = queries()
    _applications(call, 9_990, 100_010)
    with_10000 = queries()
    return {
        "applications_admin.queries": {"value": with_10000, "unit": "queries"},
        "applications_admin.queries_10": {"value": with_10, "unit": "queries"},
    }


def run():
    seed_region(bench_regie())  # idempotent: each benchmark module can run alone
    return {**pdf_metrics(), **batch_metric(), **admin_list_metric()}
