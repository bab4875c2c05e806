"""A process that has just started (the background worker, each gunicorn worker) warms the PDF renderer before
its first task or request, so the first programme report or cheque does not wait for WeasyPrint to load."""
import io
import runpy

import pikepdf
import pypdfium2
import pytest
import zxingcpp
from django.conf import settings as django_settings
from django.core.management import call_command

from regie import pdf
from regie.ops import warmup
from vouchers.reports import programme

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


def test_the_warm_up_lays_out_a_whole_tagged_cheque_without_the_database(cold_renderer, monkeypatch):
    """No database here (a query would fail the test): the worker's first cheque finds the cheque's templates,
    each font weight and the QR code's drawing loaded, as the warm-up's cheque used them all."""
    rendered = []
    render = pdf.render_pdf

    def spy(html, *, css=""):
        rendered.append(render(html, css=css))
        return rendered[-1]

    monkeypatch.setattr(pdf, "render_pdf", spy)
    programme.warm_up()
    texts = [pypdfium2.PdfDocument(document)[0].get_textpage().get_text_range() for document in rendered]
    cheques = [document for document, text in zip(rendered, texts, strict=True)
               if "CHEQUECODE" in text and "Voorwaarden" in text and "De-minimissteun" in text]
    assert len(cheques) == 1
    cheque = pikepdf.open(io.BytesIO(cheques[0]))
    assert "/StructTreeRoot" in cheque.Root and str(cheque.Root.Lang) == "nl"
    image = pypdfium2.PdfDocument(cheques[0])[0].render(scale=1.5).to_pil()
    assert ["/nl/cheque/" in code.text for code in zxingcpp.read_barcodes(image)] == [True]  # its QR code too
