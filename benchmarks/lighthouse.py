"""Pages as a phone sees them: Lighthouse (benchmarks/fetch-lighthouse puts it in .cache/lighthouse) with its
default mobile settings (a mid-range phone, simulated slow 4G) in Debian's Chromium, against gunicorn in production
mode with the demo data (benchmarks/production.py's `serving()`). Each page's category scores, 0 to 1, as
`lighthouse.<page>.<category>`, the median of RUNS runs (performance varies from run to run with what else the
machine does: Lighthouse's own advice is a median); the cheque's verify page without SEO: it is rightly not indexed.
`lighthouse.benchmark_index` is Lighthouse's measure of the machine's speed during the runs (the lowest seen; a
busy machine scores lower, and so do the pages' performance scores)."""
import json
import os
import pathlib
import shutil
import statistics
import subprocess

from benchmarks.production import HEADERS, check_pages, missing_for_production, seed_demo, serving

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLI = ROOT / ".cache/lighthouse/node_modules/lighthouse/cli/index.js"
RUNS = 3
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {  # name: (path, categories left out)
    "home": ("/nl/", ()),
    "catalogue": ("/nl/ondernemingen/", ()),
    "apply": ("/nl/aanvragen/", ()),
    "partner_login": ("/nl/partner/aanmelden/", ()),
    "verify": ("/nl/cheque/{code}/", ("seo",)),  # noindex on purpose
}
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


def chromium():
    return os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def missing():
    """Why Lighthouse cannot run here ("" when it can)."""
    if reason := missing_for_production():
        return reason
    if not shutil.which("node"):
        return "needs Node.js (Debian: apt-get install nodejs)"
    if not CLI.is_file():
        return "needs Lighthouse: run benchmarks/fetch-lighthouse"
    if not os.path.exists(chromium()):
        return "needs Chromium (Debian: apt-get install chromium; or set CHROME_PATH)"
    return ""


def scores(page, reports, left_out=()):
    """{"lighthouse.<page>.<category>": figure} of Lighthouse's reports of one page (their JSON as dicts): each
    category's median score, without the categories `left_out`. A category Lighthouse could not score (null) is
    an error, not a zero."""
    results = {}
    for category in CATEGORIES:
        if category in left_out:
            continue
        found = [report["categories"][category]["score"] for report in reports]
        if None in found:
            raise RuntimeError(f"Lighthouse gave {page} no {category} score")
        results[f"lighthouse.{page}.{category}"] = {"value": statistics.median(found), "unit": "score (0-1, mobile)"}
    return results


def lighthouse(url, attempts=3):
    """Lighthouse's report (a dict) of `url`, mobile settings, the four categories. A run that fails (on a busy
    machine Lighthouse may lose the page load's trace: NO_NAVSTART, "Please run Lighthouse again") is run again,
    up to `attempts` runs in all."""
    for attempt in range(1, attempts + 1):
        result = subprocess.run(
            ["node", str(CLI), url, "--quiet", "--output=json", "--output-path=stdout",
             f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
             f"--extra-headers={json.dumps(HEADERS)}", "--max-wait-for-load=60000"],
            capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": chromium()})
        report = json.loads(result.stdout) if result.returncode == 0 else {}
        if report and not report.get("runtimeError"):
            return report
        failure = report.get("runtimeError") or f"exit {result.returncode}: {result.stderr[-1000:]}"
        print(f"lighthouse {url}: run {attempt} of {attempts} failed: {failure}")
    raise RuntimeError(f"lighthouse {url}: no report in {attempts} runs")


def _cheque_code():
    """A cheque of the demo regie, for its verify page."""
    from vouchers.models import Voucher  # noqa: PLC0415 late: models need django.setup(), done by __main__

    return Voucher.objects.filter(call__regie__short_name="zuidoost").values_list("code", flat=True).first()


def run():
    if reason := missing():
        print(f"lighthouse.*: skipped, {reason}")
        return {}
    seed_demo()
    code = _cheque_code()
    pages = {name: (path.format(code=code), left_out) for name, (path, left_out) in PAGES.items()
             if code or "{code}" not in path}
    results, speed = {}, []
    with serving() as base:
        check_pages(base, [path for path, _left_out in pages.values()])
        for name, (path, left_out) in pages.items():
            reports = [lighthouse(base + path) for _ in range(RUNS)]
            speed += [report["environment"]["benchmarkIndex"] for report in reports]
            results.update(scores(name, reports, left_out))
    return {**results, "lighthouse.benchmark_index": {
        "value": round(min(speed)), "unit": f"Lighthouse's machine speed, lowest of the runs (median of {RUNS} each)"}}
