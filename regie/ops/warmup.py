"""Work a process does once when it starts, so that the first request or task after a (re)start is not the
slow one: e.g. the PDF renderer's imports, fonts and stylesheets (about 1 to 5 s on the first programme
report otherwise). Apps register what they warm from their `AppConfig.ready`, as `health.register` does;
the background worker (manage.py run_worker) and each gunicorn worker (deploy/gunicorn.conf.py,
post_worker_init) call `run()`. A warm-up that fails is logged and never stops the process."""
import logging
import time

logger = logging.getLogger(__name__)
WARM_UPS = {}


def register(name, warm):
    """`warm()` takes no arguments and needs no database."""
    WARM_UPS[name] = warm


def run():
    """Run every registered warm-up; {name: seconds it took, or None when it failed}."""
    took = {}
    for name, warm in WARM_UPS.items():
        started = time.perf_counter()
        try:
            warm()
        except Exception:  # a cold start is slower, not broken
            logger.exception("Warm-up %s failed; the first use will be slower", name)
            took[name] = None
            continue
        took[name] = round(time.perf_counter() - started, 2)
    if took:
        logger.info("Warmed up: %s", ", ".join(f"{name} {seconds} s" for name, seconds in took.items()))
    return took
