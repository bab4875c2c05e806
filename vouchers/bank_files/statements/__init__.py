"""Bank statements read into plain objects: ISO 20022 camt.053 (001.02, 001.08 and kin) and Febelfin CODA 2.x.

`read_statements(content, filename=...)` tells the format from the content (never from the name), reads the
whole file and returns its statements, or raises StatementRefused with a message that names the file, the
line or entry and the reason. Nothing is returned in part: one unreadable entry refuses the file.

Libraries considered (December 2026) and not used: pycamt 1.1 (untyped, no return reasons, loose ".//" paths
that pick the first Amt anywhere in an entry, no DOCTYPE refusal), camt053 0.0.23 (pre-1.0, pulls FastAPI,
uvicorn, cryptography and twenty more packages into the portal), pycoda 1.1 (GPL-3, Python 2 era, untyped)
and codapy 0.3 (untyped, needs factory-boy at run time, no trailer checks). The readers here are a few
hundred typed lines on lxml and the standard library.
"""
from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from vouchers.bank_files.statements.camt import read_camt
from vouchers.bank_files.statements.coda import is_coda, read_coda
from vouchers.bank_files.statements.entries import Entry, Statement, StatementRefused, refuse

__all__ = ["Entry", "Statement", "StatementRefused", "read_statements"]

BOM = b"\xef\xbb\xbf"


def read_statements(content: bytes, *, filename: str = "") -> list[Statement]:
    limit = int(getattr(settings, "BANK_STATEMENT_MAX_BYTES", 20 * 1024 * 1024))
    if len(content) > limit:
        raise refuse(filename, _("it is larger than %(size)d MB, the most a bank statement may be.")
                     % {"size": limit // (1024 * 1024)})
    head = content.lstrip(BOM + b" \t\r\n")[:64]
    if not head:
        raise refuse(filename, _("it is empty."))
    if head.startswith((b"<", b"\xff\xfe", b"\xfe\xff")):
        return read_camt(content, filename)
    text = decoded(content)
    if is_coda(text):
        return read_coda(text, filename)
    if head.startswith(b"%PDF"):
        raise refuse(filename, _("it is a PDF; upload the statement as camt.053 (XML) or CODA instead."))
    raise refuse(filename, _("it is neither a camt.053 (XML) nor a CODA bank statement."))


def decoded(content: bytes) -> str:
    """CODA is plain text in ISO 8859-1 at most banks, UTF-8 at some."""
    content = content.removeprefix(BOM)
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("latin-1")
