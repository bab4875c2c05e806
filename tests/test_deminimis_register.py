"""The de-minimis register: `manage.py deminimis_register --year Y --output F.csv|F.xlsx` writes the year's grants
with what the central register asks; the admin lists them and exports the same columns for coordinators."""
import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import load_workbook

from regie.accounts.groups import COORDINATORS
from tests.factories import UserFactory
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import services
from vouchers.models import DeMinimisGrant

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

HEADERS_EN = ["Beneficiary's enterprise number", "Beneficiary", "Aid granted (EUR)", "Grant date",
              "Granting authority", "Granting authority's enterprise number", "Aid measure", "Regulation",
              "Corrected aid (EUR)", "Correction date", "Correction", "Cheque"]


@pytest.fixture
def grants():
    by = UserFactory(is_staff=True)
    call = CallFactory(name="Oproep 2027", funding_reference="=HYPERLINK(\"x\")")  # a formula stays text
    kept = services.issue_voucher(application=ApplicationFactory(
        call=call, company_name="Bakkerij Janssens", enterprise_number="0123456749"), by=by)
    cancelled = services.issue_voucher(application=ApplicationFactory(call=call, company_name="Frituur"), by=by)
    services.cancel_voucher(voucher=cancelled, by=by, reason="dubbel")
    last_year = services.issue_voucher(application=ApplicationFactory(call=call, company_name="Vorig Jaar"), by=by)
    DeMinimisGrant.objects.filter(voucher=last_year).update(
        granted_on=timezone.localdate() - datetime.timedelta(days=366))
    return kept, cancelled


def test_the_register_as_csv_lists_the_years_grants_with_their_corrections(grants, tmp_path):
    kept, _cancelled = grants
    output = tmp_path / "register.csv"
    call_command("deminimis_register", year=timezone.localdate().year, output=str(output), language="en")
    rows = list(csv.reader(io.StringIO(output.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == HEADERS_EN
    assert len(rows) == 3  # headers, and this year's two grants: not last year's
    by_name = {row[1]: row for row in rows[1:]}
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert by_name["Bakkerij Janssens"] == [
        "0123.456.749", "Bakkerij Janssens", "500,00", today, "Regie sociale economie Zuidoost-Limburg",
        "0899.000.057", "Oproep 2027 – =HYPERLINK(\"x\")", "(EU) 2023/2831", "", "", "", kept.code_display]
    assert by_name["Frituur"][8:11] == ["0,00", today, "Cheque cancelled: no aid"]


def test_the_register_as_xlsx_reads_back_with_numbers_and_dates(grants, tmp_path):
    output = tmp_path / "register.xlsx"
    call_command("deminimis_register", year=timezone.localdate().year, output=str(output), language="en")
    sheet = load_workbook(output).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS_EN and len(rows) == 3
    amounts = {row[1]: (row[2], row[8]) for row in rows[1:]}
    assert amounts == {"Bakkerij Janssens": (500, None), "Frituur": (500, 0)}  # numbers, not texts
    assert all(isinstance(row[3], datetime.date) and row[3].date() == timezone.localdate() for row in rows[1:])


def test_the_register_refuses_an_unknown_file_type(tmp_path):
    with pytest.raises(CommandError, match=r"\.csv or \.xlsx"):
        call_command("deminimis_register", year=2026, output=str(tmp_path / "register.pdf"))


def test_a_coordinator_lists_and_exports_the_grants(client, staff_user, grants):
    kept, _cancelled = grants
    coordinator = staff_user(COORDINATORS, username="coord")
    coordinator.user_permissions.add(Permission.objects.get(codename="view_deminimisgrant"))  # see the report
    client.force_login(coordinator)
    page = client.get("/admin/vouchers/deminimisgrant/")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Bakkerij Janssens" in content and "0123.456.749" in content and "Vorig Jaar" in content
    export = client.get("/admin/vouchers/deminimisgrant/export.csv?q=0123456749")
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and rows[1][0] == "0123.456.749" and rows[1][-1] == kept.code_display
    assert client.get("/admin/vouchers/deminimisgrant/export.xlsx").status_code == 200
    detail = client.get(f"/admin/vouchers/deminimisgrant/{kept.deminimis_grant.pk}/change/")
    assert detail.status_code == 200 and "2023/2831" in detail.content.decode()
