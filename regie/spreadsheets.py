"""Cells that spreadsheets read as data, never as formulas (OWASP CSV injection rule)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as text; a text starting like a formula is prefixed with ' so it stays text."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
