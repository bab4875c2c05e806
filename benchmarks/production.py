"""The catalogue as production serves it, beside a page that reads nothing: gunicorn (deploy/gunicorn.conf.py,
GUNICORN_WORKERS sync workers), DEBUG off, PostgreSQL, the demo data (`seed_demo`, the first regie), requested as
nginx passes requests on (X-Forwarded-Proto: https). CLIENTS concurrent clients (ApacheBench, `ab`: a C client
that leaves the two cores to the server) ask the catalogue, the accessibility statement (the bare page) and a
firm's page in alternating short rounds, so that each page sees the same machine: requests per second of each,
the catalogue's and the firm page's ratio to the bare page, 50th and 99th percentile latency.

`serving()` starts that server for this section and for benchmarks/lighthouse.py."""
import atexit
import contextlib
import functools
import http.client
import importlib.util
import os
import pathlib
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from django.conf import settings
from django.core.management import call_command
from django.db import connection

ROOT = pathlib.Path(__file__).resolve().parent.parent
HOST = "zuidoost.localhost"  # the demo regie's host (regie/regies/demo.py); browsers send *.localhost here
GUNICORN_WORKERS = 3  # deploy/gunicorn.conf.py's default, for 2 cores
CLIENTS = 8
ROUNDS = 5
ROUND_SECONDS = 3
PAGES = {  # metric prefix: path
    "catalogue": "/nl/ondernemingen/",
    "bare": "/nl/toegankelijkheid/",
    "firm_page": "/nl/ondernemingen/de-groene-hand/",
}
HEADERS = {"X-Forwarded-Proto": "https"}  # as nginx sends it: the pages as an https visitor gets them


def missing_for_production():
    """Why the production server cannot run here ("" when it can)."""
    if connection.vendor != "postgresql":
        return "needs PostgreSQL (set DATABASE_URL=postgres:///regie)"
    if importlib.util.find_spec("gunicorn") is None:
        return "needs gunicorn (pip install -r requirements.txt)"
    return ""


def seed_demo():
    """The demo data of `make run` (the first regie, with its calls, cheques and meetings) in the bench database.
    Idempotent, so both sections may ask for it in one run."""
    call_command("seed_demo", on_production=True, one_regie=True, stdout=open(os.devnull, "w"))  # noqa: SIM115


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(port):
    return {**os.environ, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": _secret_key(),
            "DJANGO_ALLOWED_HOSTS": HOST, "DATABASE_URL": f"postgres:///{settings.DATABASES['default']['NAME']}",
            "EMAIL_HOST": "127.0.0.1", "DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_STATIC_ROOT": _static_root(),
            "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(GUNICORN_WORKERS),
            "PORTAL_ENV_FILE": "/nonexistent", "DJANGO_LOG_LEVEL": "WARNING"}


@functools.cache
def _secret_key():
    return secrets.token_urlsafe(50)


@functools.cache
def _static_root():
    """The static files as production serves them (whitenoise, from a manifest of this checkout), collected once
    per run into a folder of their own (about 20 s of CPU: every file compressed)."""
    static = tempfile.mkdtemp(prefix="regie-bench-static-")
    atexit.register(shutil.rmtree, static, ignore_errors=True)
    env = {**os.environ, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": _secret_key(), "DJANGO_STATIC_ROOT": static,
           "PORTAL_ENV_FILE": "/nonexistent"}
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    return static


@contextlib.contextmanager
def serving():
    """gunicorn in production mode on a free port, against the bench database; yields its base URL
    (http://zuidoost.localhost:<port>). The demo data must be in the database (seed_demo())."""
    connection.close()  # the workers open their own connections
    port = _free_port()
    # --max-requests 0: no worker recycled in the middle of a round (each restart warms the PDF renderer again,
    # seconds of CPU that would land on whichever page was being asked then)
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "regie.wsgi", "--config", "deploy/gunicorn.conf.py",
                                "--access-logfile", "/dev/null", "--max-requests", "0"], cwd=ROOT,
                               env=_environment(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_until_served(port, process)
        yield f"http://{HOST}:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_served(port, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped (exit {process.returncode})")
        try:
            get(f"http://{HOST}:{port}", "/health/")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def get(base, path):
    """(status, body) of GET base+path, connecting to 127.0.0.1 with the Host of `base`."""
    authority = base.removeprefix("http://")
    conn = http.client.HTTPConnection("127.0.0.1", int(authority.rsplit(":", 1)[1]), timeout=30)
    try:
        conn.request("GET", path, headers={"Host": authority, **HEADERS})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def check_pages(base, paths):
    """Every page answers 200 (a fast error page is no measure of the page)."""
    for path in paths:
        status, body = get(base, path)
        if status != 200:
            raise RuntimeError(f"{path}: {status} {body[:300]!r}")


def ab_round(base, path, seconds, gnuplot):
    """One round of `ab`: CLIENTS concurrent clients asking `path` for `seconds`; (requests, seconds taken).
    Each request's total time (ms) goes to the file `gnuplot`. A non-2xx answer fails the run. (ab keeps a record
    of each of at most -n requests: -n is sized for 20,000 requests/s, not far above.)"""
    authority = base.removeprefix("http://")
    port = authority.rsplit(":", 1)[1]
    headers = [arg for name, value in {"Host": authority, **HEADERS}.items() for arg in ("-H", f"{name}: {value}")]
    result = subprocess.run(["ab", "-q", "-c", str(CLIENTS), "-t", str(seconds), "-n", str(seconds * 20_000),
                             "-s", "30", *headers, "-g", str(gnuplot), f"http://127.0.0.1:{port}{path}"],
                            capture_output=True, text=True, check=True)
    return parse_ab(result.stdout, path)


def parse_ab(output, path="the page"):
    """(complete requests, seconds taken) from ab's report; raises when an answer was not 2xx or a request failed
    (a changing length is no failure: ab counts any length other than the first answer's)."""
    def field(pattern, default=None):
        found = re.search(pattern, output, re.MULTILINE)
        if not found and default is None:
            raise RuntimeError(f"{path}: no {pattern!r} in ab's report:\n{output}")
        return found.group(1) if found else default

    not_2xx = int(field(r"^Non-2xx responses:\s+(\d+)", "0"))
    if not_2xx:
        raise RuntimeError(f"{path}: {not_2xx} answers were not 2xx")
    failed = re.search(r"\(Connect: (\d+), Receive: (\d+), Length: \d+, Exceptions: (\d+)\)", output)
    if failed and any(int(count) for count in failed.groups()):
        raise RuntimeError(f"{path}: failed requests in ab's report:\n{output}")
    return int(field(r"^Complete requests:\s+(\d+)")), float(field(r"^Time taken for tests:\s+([\d.]+) seconds"))


def gnuplot_times(text):
    """The total times (ms) of ab's -g file: the column ttime after the header line."""
    lines = text.splitlines()
    column = lines[0].split("\t").index("ttime")
    return [int(line.split("\t")[column]) for line in lines[1:] if line.strip()]


def percentile(values, fraction):
    """The nearest-rank percentile: the smallest value with at least `fraction` of `values` at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))  # ceil without floats' surprises at exact ranks
    return ordered[int(rank) - 1]


def measure(base, pages, rounds=ROUNDS, seconds=ROUND_SECONDS):
    """{name: (requests per second, [latency ms])} of `pages` ({name: path}), asked in alternating rounds."""
    counted = {name: [0, 0.0, []] for name in pages}
    with tempfile.TemporaryDirectory(prefix="regie-bench-ab-") as scratch:
        for round_ in range(rounds):
            for name, path in pages.items():
                gnuplot = pathlib.Path(scratch) / f"{name}-{round_}.tsv"
                requests, taken = ab_round(base, path, seconds, gnuplot)
                counted[name][0] += requests
                counted[name][1] += taken
                counted[name][2] += gnuplot_times(gnuplot.read_text())
    return {name: (requests / taken, times) for name, (requests, taken, times) in counted.items()}


def figures(measured):
    """The metrics of measure()'s result: each page's requests/s and latency, the others' ratio to the bare one."""
    bare_rps = measured["bare"][0]
    results = {}
    for name, (rps, times) in measured.items():
        results[f"{name}.rps"] = {"value": round(rps, 1), "unit": "requests/s (production, side by side)"}
        results[f"{name}.p99_ms"] = {"value": percentile(times, 0.99), "unit": "ms (ab, whole ms)"}
        results[f"{name}.p50_ms"] = {"value": percentile(times, 0.50), "unit": "ms (ab, whole ms)"}
        if name != "bare":
            results[f"{name}.ratio_to_bare"] = {"value": round(rps / bare_rps, 3),
                                                "unit": "of the bare page's requests/s, same run"}
    return results


def run():
    reason = missing_for_production() or ("" if shutil.which("ab") else
                                          "needs ApacheBench (Debian: apt-get install apache2-utils)")
    if reason:
        print(f"production.*: skipped, {reason}")
        return {}
    seed_demo()
    load = os.getloadavg()[0]
    if load > os.cpu_count():
        print(f"production.*: the machine is busy (load average {load:.1f} on {os.cpu_count()} cores): requests/s "
              "and latencies, and their ratios, are not those of a quiet machine")
    with serving() as base:
        check_pages(base, PAGES.values())
        measure(base, PAGES, rounds=1, seconds=2)  # warm the workers: connections, templates, caches
        measured = measure(base, PAGES)
    setup = (f"gunicorn {GUNICORN_WORKERS} sync workers, DEBUG off, demo data; ab -c {CLIENTS}, {ROUNDS} alternating "
             f"rounds of {ROUND_SECONDS} s per page; load average {load:.1f} before")
    return {**figures(measured), "production.setup": {"value": setup, "unit": "description"}}
