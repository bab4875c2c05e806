"""`make bench`: measure the portal and write benchmarks/results.json.

Each metric is {"value": number, "unit": text}. Runs against a throw-away database:
DATABASE_URL when it points to PostgreSQL (a separate `<name>_bench` database is
created), otherwise a temporary SQLite file. Later issues add their metrics here.
"""
import json
import shutil
import tempfile
import warnings
import os
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results.json"


def main():
    warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected here
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regie.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    # As in production: background work is queued in the database, not run in the request.
    os.environ.setdefault("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    django.setup()
    from django.conf import settings
    from benchmarks import catalogue, cheques, money, redemptions, reports, verify

    # Not setup_test_environment(): its template instrumentation would slow every render.
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.DEBUG = False  # as in production: no query log kept in memory
    scratch = tempfile.mkdtemp(prefix="regie-bench-")  # generated PDFs and invoices go here, not in private/
    settings.STORAGES = {**settings.STORAGES, "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": scratch}}}
    from django.test.utils import setup_databases, teardown_databases

    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        results = {"database": {"value": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1], "unit": "engine"}}
        chosen = sys.argv[1:] or ["catalogue", "cheques", "redemptions", "money", "verify", "reports"]  # `-m benchmarks cheques`
        for module in (catalogue, cheques, redemptions, money, verify, reports):
            if module.__name__.rsplit(".", 1)[-1] in chosen:
                results.update(module.run())
    finally:
        teardown_databases(old_config, verbosity=0)
        shutil.rmtree(scratch, ignore_errors=True)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    previous.update(results)
    RESULTS.write_text(json.dumps(previous, indent=2, sort_keys=True) + "\n")
    print(f"{'metric':<32} {'value':>12}  unit")
    for name, metric in sorted(previous.items()):
        value = metric["value"]
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"{name:<32} {shown:>12}  {metric['unit']}" if metric["unit"] != "description" else f"{name:<32} {shown}")
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
