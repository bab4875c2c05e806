"""Reading a UBL e-invoice (vouchers.einvoices): a realistic Peppol BIS Billing 3.0 invoice (tests/support/
ubl_invoices.py: eight lines, an embedded 60 KB PDF) parsed safely and checked against the UBL 2.1 schema and the
official EN 16931 and Peppol rules. `ubl_invoice.validate_ms`: median of warm runs (target <= 150 ms);
`ubl_invoice.first_call_ms`: loading the schemas and compiling the rules, once per process."""
import os
import statistics
import time
from decimal import Decimal

from tests.support.ubl_invoices import make_invoice
from vouchers.einvoices import read_einvoice, validation

RUNS = 30


def _realistic_invoice() -> bytes:
    lines = [(f"Tuinonderhoud week {week}", Decimal("75.00")) for week in range(1, 9)]
    return make_invoice(lines=lines, embedded_pdf=b"%PDF-1.7\n" + os.urandom(60_000))


def run() -> dict[str, dict[str, object]]:
    content = _realistic_invoice()
    validation._schema.cache_clear()  # measured from cold, whatever ran before in this process
    validation._executables.cache_clear()
    started = time.perf_counter()
    validation.warm_up()
    first_call = time.perf_counter() - started
    read_einvoice(content)
    timings = []
    for _ in range(RUNS):
        started = time.perf_counter()
        read_einvoice(content)
        timings.append(time.perf_counter() - started)
    return {
        "ubl_invoice.validate_ms": {"value": round(statistics.median(timings) * 1000, 1), "unit": "ms"},
        "ubl_invoice.first_call_ms": {"value": round(first_call * 1000), "unit": "ms"},
        "ubl_invoice.bytes": {"value": len(content), "unit": "bytes"},
    }
