"""The de-minimis register of a year: every cheque granted in it as de-minimis aid (Regulation (EU) 2023/2831),
with its correction, for the central register; the same columns as the admin's export of the grants. One regie's
grants (each regie is a granting authority of its own): --regie (its short name) is needed when the install has
several.

    manage.py deminimis_register --year 2026 --output de-minimis-2026.xlsx
    manage.py deminimis_register --regie zuidoost --year 2026 --output de-minimis-2026.csv --language fr
"""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.text import capfirst

from regie.exports.spreadsheets import csv_bytes, xlsx_bytes
from regie.ops.scheduled import write_output
from vouchers.management.regies import chosen_regie
from vouchers.models import DeMinimisGrant
from vouchers.models.grants import REGISTER_COLUMNS

KINDS = (".csv", ".xlsx")


class Command(BaseCommand):
    help = "Write a regie's de-minimis grants of a year (CSV or XLSX, by the output's extension)."

    def add_arguments(self, parser):
        parser.add_argument("--regie", help="the regie's short name (needed when there are several)")
        parser.add_argument("--year", type=int, required=True, help="the year the aid was granted in")
        parser.add_argument("--output", required=True, help="the file to write: .csv or .xlsx")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES],
                            default=settings.LANGUAGE_CODE, help="language of the headers (default: nl)")

    def handle(self, *args, year, output, language, **options):
        kind = Path(output).suffix.lower()
        if kind not in KINDS:
            raise CommandError(f"Give an output file ending in .csv or .xlsx, not {output!r}.")
        regie = chosen_regie(options.get("regie"))
        grants = (DeMinimisGrant.objects.of_regie(regie).granted_in(year).select_related("voucher")
                  .order_by("granted_on", "pk"))
        with translation.override(language):
            headers = [capfirst(str(header)) for header, _value in REGISTER_COLUMNS]
            rows = [[value(grant) for _header, value in REGISTER_COLUMNS] for grant in grants]
            content = (csv_bytes(headers, rows) if kind == ".csv"
                       else xlsx_bytes(headers, rows, title=f"de minimis {year}"))
        write_output(output, content)
        if options["verbosity"] > 1:
            self.stdout.write(f"Written: {output} ({len(rows)} grants of {regie.short_name}).")
