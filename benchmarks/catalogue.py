"""Catalogue: server time and queries of the first page, with 10 and 1,000 enterprises: rendered afresh (after a
change to the firms: `cold_median_ms`, the queries) and as most visitors get it, from the cache (`median_ms`)."""
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from benchmarks.regies import bench_regie
from enterprises import catalogue_cache
from enterprises.demo import demo_enterprise_number, seed_categories, seed_region
from enterprises.models import EnterpriseKind, FirmListing, Postcode, ServiceCategory, SocialEnterprise
from regie.models import Regie

URL = "/nl/ondernemingen/"
REQUESTS = 200


def make_enterprises(count, start):
    postcodes = list(Postcode.objects.all())
    categories = list(ServiceCategory.objects.of_regie(bench_regie()))
    kinds = list(EnterpriseKind.values)
    firms = SocialEnterprise.objects.bulk_create([
        SocialEnterprise(
            name=f"Bench Onderneming {i:05d}", slug=f"bench-{i:05d}",
            enterprise_number=demo_enterprise_number(50_000 + i),
            kind=kinds[i % len(kinds)], street="Benchstraat 1", postcode=postcodes[i % len(postcodes)],
            summary_nl=f"Korte beschrijving {i}", summary=f"Korte beschrijving {i}",
        )
        for i in range(start, start + count)
    ])
    FirmListing.objects.bulk_create([FirmListing(regie=bench_regie(), enterprise=firm, is_published=True)
                                     for firm in firms])
    links = SocialEnterprise.categories.through
    links.objects.bulk_create([
        links(socialenterprise_id=firm.pk, servicecategory_id=categories[(firm.pk + k) % len(categories)].pk)
        for firm in firms for k in range(2)
    ])
    catalogue_cache.bump()  # bulk_create sends no signal (the admin's and the services' writes do)


def queries_for_page(client):
    catalogue_cache.bump()  # the queries of a render, not of a cache hit
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def run():
    seed_region(bench_regie())
    for regie in Regie.objects.all():  # each regie its own list: the catalogue shows the bench regie's
        seed_categories(regie)
    client = Client()
    make_enterprises(10, 0)
    queries_10 = queries_for_page(client)
    make_enterprises(990, 10)
    assert SocialEnterprise.objects.published_by(bench_regie()).count() == 1000
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does on a live database
            cursor.execute("ANALYZE")
    queries_1000 = queries_for_page(client)
    for _ in range(20):  # warm up
        assert client.get(URL).status_code == 200
    return {
        "catalogue.median_ms": {"value": median_ms(client), "unit": "ms"},
        "catalogue.cold_median_ms": {"value": median_ms(client, cold=True), "unit": "ms"},
        "catalogue.queries": {"value": queries_1000, "unit": "queries"},
        "catalogue.queries_10": {"value": queries_10, "unit": "queries"},
    }


def median_ms(client, cold=False):
    """The page's median server time; `cold`: each request after a change to the firms, so rendered afresh."""
    timings = []
    for _ in range(REQUESTS):
        if cold:
            catalogue_cache.bump()
        start = time.perf_counter()
        status = client.get(URL).status_code
        timings.append((time.perf_counter() - start) * 1000)
        assert status == 200, f"{URL}: {status}"  # a fast error page is no measure of the page
    return round(statistics.median(timings), 2)
