"""A process that has just started (the background worker, each gunicorn worker) warms the PDF renderer before
its first task or request, so the first programme report or cheque does not wait for WeasyPrint to load."""
import runpy

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from regie import pdf
from regie.ops import warmup

GUNICORN_CONF = str(django_settings.BASE_DIR / "deploy" / "gunicorn.conf.py")


@pytest.fixture
def cold_renderer():
    """The PDF renderer as in a process that has just started: nothing built yet."""
    pdf.stylesheet.cache_clear()
    pdf.weasyprint.cache_clear()


def renderer_is_warm():
    """WeasyPrint loaded, and the report's and the cheque's stylesheets parsed."""
    return pdf.weasyprint.cache_info().currsize == 1 and pdf.stylesheet.cache_info().currsize == 2


@pytest.mark.django_db(transaction=True)
def test_the_background_worker_warms_the_pdf_renderer_when_it_starts(cold_renderer, settings, caplog):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    caplog.set_level("INFO", logger="regie.ops.warmup")
    call_command("run_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert renderer_is_warm()
    assert "Warmed up: " in caplog.text and " pdf " in caplog.text


def test_each_gunicorn_worker_warms_the_pdf_renderer_before_its_first_request(cold_renderer):
    hooks = runpy.run_path(GUNICORN_CONF)
    hooks["post_worker_init"](worker=None)
    assert renderer_is_warm()


def test_a_warm_up_that_fails_is_logged_and_does_not_stop_the_process(monkeypatch, caplog):
    def broken():
        raise OSError("no fonts")

    monkeypatch.setitem(warmup.WARM_UPS, "broken", broken)
    assert warmup.run()["broken"] is None
    assert "Warm-up broken failed" in caplog.text
