"""Spreadsheets people open in Excel or LibreOffice: cells read as data, never as formulas (OWASP CSV
injection rule), Belgian notation in CSV (semicolons, decimal comma, dd/mm/yyyy), real numbers and dates
in XLSX (openpyxl)."""
import csv
import datetime
import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# +++123/4567/89012+++, as on Belgian invoices and transfer forms, where finance copies it from: a spreadsheet
# cannot run it (it ends in an operator), so that exact shape is the one text that keeps its leading +.
STRUCTURED_COMMUNICATION = re.compile(r"\+\+\+\d{3}/\d{4}/\d{5}\+\+\+")


def safe_cell(value):
    """The value as text; a text starting like a formula is prefixed with ' so it stays text, in a CSV and in an
    XLSX alike (there, editing the cell would otherwise turn it into a live formula)."""
    text = "" if value is None else str(value)
    if STRUCTURED_COMMUNICATION.fullmatch(text):
        return text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_text(value):
    if isinstance(value, bool):
        return "ja" if value else ""
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float)):
        return str(value)
    return safe_cell(value)


def csv_bytes(headers, rows):
    output = io.StringIO()
    writer = csv.writer(output, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(header) for header in headers])
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
    return output.getvalue().encode("utf-8-sig")  # the BOM lets Excel read the accents


def xlsx_bytes(headers, rows, title="Export"):
    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([safe_cell(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(header)) for header in headers]
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
        for column, cell in enumerate(sheet[sheet.max_row]):
            _xlsx_format(cell, row[column])
            widths[column] = max(widths[column], min(50, len(str(row[column] or ""))))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = width + 2
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _xlsx_value(value):
    if isinstance(value, datetime.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (Decimal, int, float, datetime.date)) and not isinstance(value, bool):
        return value
    return "ja" if value is True else safe_cell(value)


def _xlsx_format(cell, value):
    if isinstance(value, Decimal):
        cell.number_format = "#,##0.00"
    elif isinstance(value, datetime.datetime):
        cell.number_format = "DD/MM/YYYY HH:MM"
    elif isinstance(value, datetime.date):
        cell.number_format = "DD/MM/YYYY"
    elif isinstance(cell.value, str):
        cell.data_type = "s"  # text (safe_cell has prefixed what starts like a formula), never a formula
