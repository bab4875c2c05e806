"""The regies the benchmarks run as. The bench regie answers the test client's host (testserver) and the gunicorn
run's (cheque.bench.example, benchmarks/verify.py); BENCH_REGIES (default 20) regies are in the database in all,
each complete (hosts, IBAN, enterprise number), so that every page is measured with as many regies beside it as an
install serving a province would have: its queries must not grow with them."""
import functools
import os

from stdnum import iban

from regie.models import Regie, RegieHost

BENCH = "bench"
HOSTS = ["testserver", "cheque.bench.example"]


def regie_count() -> int:
    return max(1, int(os.environ.get("BENCH_REGIES", "20")))


def belgian_iban(number: int) -> str:
    """A valid Belgian IBAN of account `number` at bank 096: BE71 0961 2345 6769 for 1234567."""
    account = f"096{number:07d}"
    national = f"{account}{int(account) % 97 or 97:02d}"
    return f"BE{iban.calc_check_digits('BE00' + national)}{national}"


def _regie(short_name: str, number: int, hosts: list[str]) -> Regie:
    regie, created = Regie.objects.get_or_create(short_name=short_name, defaults={
        "name": f"Regie {short_name}", "region_name": short_name, "legal_name": f"Regie {short_name}",
        "enterprise_number": "0899000057", "iban": belgian_iban(number), "bic": "GKCCBEBB",
        "contact_email": f"{short_name}@bench.example", "sender_email": f"noreply@{short_name}.bench.example"})
    if created:
        RegieHost.objects.bulk_create([RegieHost(regie=regie, name=name, is_primary=i == 0)
                                       for i, name in enumerate(hosts)])
    return regie


@functools.cache
def bench_regie() -> Regie:
    """The regie whose calls, batches and meetings the benchmarks make, with the others beside it; made once per
    run (the database is a throw-away one), so that a timed loop asks for it without a query."""
    regie = _regie(BENCH, 1234567, HOSTS)
    for n in range(1, regie_count()):
        _regie(f"bench-{n:02d}", n, [f"bench-{n:02d}.bench.example"])
    return regie
