"""The QR page /nl/cheque/<code>/ against gunicorn in production mode (DEBUG off, PostgreSQL, throttling on),
with many distinct client addresses arriving through one proxy (X-Forwarded-For, DJANGO_NUM_PROXIES=1):
requests per second, median and 99th percentile; /health/ measured the same way for comparison."""
import http.client
import itertools
import multiprocessing
import os
import pathlib
import secrets
import socket
import statistics
import subprocess
import sys
import time

from django.conf import settings
from django.db import connection
from django_tasks_db.models import DBTaskResult

from benchmarks.cheques import _applications, _call, _vouchers
from benchmarks.regies import bench_regie
from enterprises.demo import seed_region
from regie.ops.scheduled import SCHEDULE, ran

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLIENTS = 8
SECONDS = 8
GUNICORN_WORKERS = 4


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _gunicorn(port, token):
    name = settings.DATABASES["default"]["NAME"]
    env = {**os.environ, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "HEALTH_TOKEN": token,
           "DJANGO_ALLOWED_HOSTS": "cheque.bench.example,127.0.0.1",
           "DATABASE_URL": f"postgres:///{name}", "EMAIL_HOST": "127.0.0.1", "DJANGO_NUM_PROXIES": "1",
           "DJANGO_SECURE_SSL_REDIRECT": "false", "GUNICORN_BIND": f"127.0.0.1:{port}",
           "GUNICORN_WORKERS": str(GUNICORN_WORKERS), "PORTAL_ENV_FILE": "/nonexistent", "DJANGO_LOG_LEVEL": "WARNING"}
    # the static files as production serves them (a stale manifest would make every page a 500)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "regie.wsgi", "--config", "deploy/gunicorn.conf.py",
                                "--access-logfile", "/dev/null"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def _client(job):
    """In a child process: request the (path, expected status) pairs for SECONDS, each from another address;
    returns latencies (ms). Any other status stops the run: an error page is no measure of the page."""
    port, paths, worker = job
    latencies, n = [], 0
    stop = time.monotonic() + SECONDS
    while time.monotonic() < stop:
        path, expected = paths[n % len(paths)]
        address = f"10.{worker}.{(n // 250) % 250}.{n % 250 + 1}"
        n += 1
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", path, headers={"Host": "cheque.bench.example", "X-Forwarded-For": address,
                                           "X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        response.read()
        conn.close()
        if response.status != expected:
            raise RuntimeError(f"{path}: {response.status}, expected {expected}")
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies


def _load(port, paths):
    with multiprocessing.get_context("fork").Pool(CLIENTS) as pool:
        results = pool.map(_client, [(port, paths, worker) for worker in range(CLIENTS)])
    latencies = sorted(itertools.chain.from_iterable(results))
    return len(latencies) / SECONDS, latencies[int(len(latencies) * 0.99) - 1], statistics.median(latencies)


def _as_if_the_timers_and_the_worker_ran():
    """/health/ as production has it, whatever ran before in this run: no mail of the earlier sections waiting for a
    worker that is not started here, and every scheduled command run (its timer does that in production)."""
    DBTaskResult.objects.all().delete()
    for name in SCHEDULE:
        ran(name, "bench")


def _health_details(port, token):
    """/health/'s checks, for the message when it is not 200 (a failing page is no measure of the page)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/health/", headers={"Host": "cheque.bench.example", "X-Forwarded-Proto": "https",
                                             "Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"/health/: {response.status}: {body}")


def run():
    if connection.vendor != "postgresql":
        print("verify.*: skipped, needs PostgreSQL (set DATABASE_URL=postgres:///regie)")
        return {}
    seed_region(bench_regie())
    _as_if_the_timers_and_the_worker_ran()
    call = _call("100000")
    codes = [v.code for v in _vouchers(call, _applications(call, 50, 800_000))]
    paths = [(f"/nl/cheque/{code}/", 200) if i % 5 else (f"/nl/cheque/UNKNOWNCODE{i:05d}/", 404)
             for i, code in enumerate(codes)]
    connection.close()
    port = _free_port()
    token = secrets.token_urlsafe(32)
    server = _gunicorn(port, token)
    try:
        _health_details(port, token)
        _load(port, paths[:5])  # warm the workers
        per_second, p99, median = _load(port, paths)
        health_per_second, _health_p99, _median = _load(port, [("/health/", 200)])
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "verify.per_second": {"value": round(per_second, 1), "unit": "requests/s"},
        "verify.p99_ms": {"value": round(p99, 1), "unit": "ms"},
        "verify.median_ms": {"value": round(median, 1), "unit": "ms"},
        "health.per_second": {"value": round(health_per_second, 1), "unit": "requests/s"},
        "verify.setup": {"value": f"gunicorn {GUNICORN_WORKERS} sync workers, {CLIENTS} client processes, "
                                  f"distinct X-Forwarded-For, 1 in 5 codes unknown", "unit": "description"},
    }
