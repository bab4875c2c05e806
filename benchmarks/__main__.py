"""`make bench`: measure the portal and write benchmarks/results.json.

Each metric is {"value": number, "unit": text}. Runs against a throw-away database:
DATABASE_URL when it points to PostgreSQL (a separate `<name>_bench` database is
created), otherwise a temporary SQLite file, with BENCH_REGIES regies in it (default 20: benchmarks/regies.py).
Later issues add their metrics here.
"""
import datetime
import json
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import django
from django.conf import settings
from django.test.utils import override_settings, setup_databases, teardown_databases

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results.json"


def main():
    _setup_django()
    from benchmarks import (  # noqa: PLC0415 late: the sections import models, which needs django.setup() first
        bank_statements,
        catalogue,
        cheques,
        invoices,
        kbo,
        lighthouse,
        meeting,
        money,
        production,
        redemptions,
        reports,
        verify,
    )

    sections = {module.__name__.rsplit(".", 1)[-1]: module for module in (
        catalogue, cheques, redemptions, money, verify, reports, kbo, bank_statements, invoices, meeting, production,
        lighthouse)}
    chosen = sys.argv[1:] or list(sections)  # `-m benchmarks cheques`
    unknown = sorted(set(chosen) - set(sections))
    if unknown:
        sys.exit(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(sections)}")
    results, database = _measure(sections, chosen)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    merged = merge(previous, results, database=database, ran=chosen,
                   at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"))
    RESULTS.write_text(json.dumps(merged, indent=2, sort_keys=True) + "\n")
    _print_table(merged)


def _setup_django():
    warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected here
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    # As in production: background work is queued in the database, not run in the request.
    os.environ.setdefault("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    django.setup()


def _measure(sections, chosen):
    """({metric: figure}, database engine) of the chosen sections, run on a throw-away database."""
    # Not setup_test_environment(): its template instrumentation would slow every render.
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEBUG = False  # as in production: no query log kept in memory
    scratch = tempfile.mkdtemp(prefix="regie-bench-")  # generated PDFs and invoices go here, not in private/
    # Through override_settings: django.setup() already read STORAGES, and only its setting_changed signal makes
    # the storages (and vouchers' PrivateStorage) read it again; a plain assignment left the files in private/.
    private = override_settings(STORAGES={**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": scratch}}})
    private.enable()
    old_config = setup_databases(verbosity=0, interactive=False)
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    try:
        from benchmarks.regies import bench_regie, regie_count  # noqa: PLC0415 late: it imports models, after django.setup()

        bench_regie()
        results = {"regies": {"value": regie_count(), "unit": "regies in the database (BENCH_REGIES)"}}
        for name in chosen:
            results.update({metric: {**figure, "section": name} for metric, figure in sections[name].run().items()})
    finally:
        teardown_databases(old_config, verbosity=0)
        private.disable()
        shutil.rmtree(scratch, ignore_errors=True)
    return results, database


def _print_table(merged):
    print(f"{'metric':<32} {'value':>12}  unit")
    for name, metric in sorted(merged.items()):
        value = metric["value"]
        if isinstance(value, dict):
            shown = ", ".join(f"{key} {when}" for key, when in sorted(value.items()))
            print(f"{name:<32} {shown}")
            continue
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"{name:<32} {shown:>12}  {metric['unit']}" if metric["unit"] != "description" else f"{name:<32} {shown}")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


def merge(previous, results, *, database, ran, at):
    """results.json after a run of the sections `ran` on `database`: their figures replace those sections' old
    ones; figures measured on another database are dropped (never side by side), so a partial run on SQLite
    after a full one on PostgreSQL leaves a file with only its own sections. `sections` says when each ran."""
    if previous.get("database", {}).get("value") != database:
        previous = {}
    kept = {name: figure for name, figure in previous.items()
            if name not in ("database", "sections") and figure.get("section") not in ran}
    when = {**previous.get("sections", {}).get("value", {}), **dict.fromkeys(ran, at)}
    return {**kept, **results, "database": {"value": database, "unit": "engine"},
            "sections": {"value": when, "unit": "section -> measured at (UTC)"}}


if __name__ == "__main__":
    main()
