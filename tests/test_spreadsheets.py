"""Spreadsheets finance and coordinators open in Excel or LibreOffice: a text that starts like a formula gets a
leading ' in the XLSX as in the CSV, so that editing the cell never turns it into a live formula; numbers and
dates stay numbers and dates; the Belgian structured communication is written as on a transfer form."""
import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from regie.exports.spreadsheets import csv_bytes, xlsx_bytes
from tests.clock import brussels

DANGEROUS = ["=HYPERLINK(\"http://evil.example\",\"klik\")", "+32 12 34 56 78", "-2+3", "@SUM(A1:A9)",
             "\tDEMO-1", "\rDEMO-2"]


def xlsx_rows(headers, rows):
    sheet = load_workbook(io.BytesIO(xlsx_bytes(headers, rows))).active
    return [list(row) for row in sheet.iter_rows()]


def csv_rows(headers, rows):
    return list(csv.reader(io.StringIO(csv_bytes(headers, rows).decode("utf-8-sig"), newline=""), delimiter=";"))


@pytest.mark.parametrize("text", DANGEROUS)
def test_an_xlsx_cell_that_starts_like_a_formula_is_stored_with_a_leading_apostrophe(text):
    [_header, [cell]] = xlsx_rows(["Factuur"], [[text]])
    assert cell.data_type == "s" and cell.value == "'" + text


@pytest.mark.parametrize("text", DANGEROUS)
def test_the_xlsx_and_the_csv_write_the_same_text(text):
    [_header, [cell]] = xlsx_rows(["Factuur"], [[text]])
    [_csv_header, [csv_cell]] = csv_rows(["Factuur"], [[text]])
    assert cell.value == csv_cell == "'" + text


def test_a_header_that_starts_like_a_formula_is_text_too():
    [[header], _row] = xlsx_rows(["=1+1"], [["x"]])
    assert header.value == "'=1+1" and header.data_type == "s"


def test_numbers_and_dates_stay_numbers_and_dates_in_the_xlsx():
    day = datetime.date(2026, 3, 2)
    moment = brussels(day, 14, 30)  # as the lists pass it: timezone.localtime(...)
    [_header, cells] = xlsx_rows(["Bedrag", "Negatief", "Aantal", "Datum", "Tijdstip", "Tekst"],
                                 [[Decimal("150.50"), Decimal("-20.00"), -3, day, moment, "Atelier = kunst"]])
    assert [cell.data_type for cell in cells] == ["n", "n", "n", "d", "d", "s"]
    assert cells[0].value == Decimal("150.50") or cells[0].value == 150.5
    assert cells[1].value == -20 and cells[2].value == -3
    # a cell has no time zone: openpyxl reads back naive values, the Brussels wall time
    assert cells[3].value == datetime.datetime(2026, 3, 2)  # noqa: DTZ001 openpyxl reads an xlsx date back naive
    assert cells[4].value == moment.replace(tzinfo=None)
    assert cells[5].value == "Atelier = kunst"  # an = further on is no formula


def test_the_structured_communication_is_written_as_on_a_transfer_form_in_both_formats():
    communication = "+++123/4567/89012+++"
    [_header, [cell]] = xlsx_rows(["Mededeling"], [[communication]])
    [_csv_header, [csv_cell]] = csv_rows(["Mededeling"], [[communication]])
    assert cell.value == csv_cell == "+++123/4567/89012+++"
    [_header, [other]] = xlsx_rows(["Mededeling"], [["+++123/4567/89012+++=1"]])
    assert other.value == "'+++123/4567/89012+++=1"
