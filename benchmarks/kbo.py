"""`import_kbo` on a generated KBO open data extract in the official layout (tests/support/kbo_extract.py):
200,000 enterprises with names, seats, 100,000 establishments and their activities (about 2.3 million source
rows), one enterprise in ten in the regie's area. Source rows read per second (target >= 50,000), and the peak
of Python memory while importing (tracemalloc; target: well under 300 MB)."""
import pathlib
import tempfile
import time
import tracemalloc

from benchmarks.regies import bench_regie
from enterprises.demo import seed_region
from enterprises.register.importer import area_postcodes, import_extract
from enterprises.register.models import Extract
from tests.support.kbo_extract import generated_full

ENTERPRISES = 200_000


def run():
    seed_region(bench_regie())
    area = sorted(area_postcodes())
    with tempfile.TemporaryDirectory(prefix="regie-kbo-") as folder:
        path = pathlib.Path(folder) / "KboOpenData_0150_2026_12_Full.zip"
        generated_full(path, ENTERPRISES, area=tuple(area[:5]))
        started = time.perf_counter()
        outcome = import_extract(path)
        seconds = time.perf_counter() - started
        Extract.objects.all().delete()  # so that the same extract loads again, measured for memory
        tracemalloc.start()
        try:
            import_extract(path)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return {
        "kbo_import.rows_per_second": {"value": round(outcome.rows_read / seconds), "unit": "source rows/s"},
        "kbo_import.seconds": {"value": round(seconds, 2), "unit": "s"},
        "kbo_import.source_rows": {"value": outcome.rows_read, "unit": "rows"},
        "kbo_import.kept_enterprises": {"value": outcome.extract.enterprises, "unit": "enterprises"},
        "kbo_import.peak_mb": {"value": round(peak / 1024 / 1024, 1), "unit": "MB"},
    }
