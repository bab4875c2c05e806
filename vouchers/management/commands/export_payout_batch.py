"""A payout batch's bank file (SEPA pain.001) or CSV, for finance's scripts: the same bytes as the admin's
download. `--list` prints the references of the batches, one a line.

    manage.py export_payout_batch UITB-2026-0001 --format sepa --output UITB-2026-0001.xml
    manage.py export_payout_batch --list
"""
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from regie.ops.scheduled import write_output
from vouchers.bank_files import FileRefused, payout_file
from vouchers.models import PayoutBatch

FORMATS = {"sepa": "sepa", "csv": "csv"}


class Command(BaseCommand):
    help = "Write a payout batch's SEPA file or CSV (as the admin's download), or list the batch references."

    def add_arguments(self, parser):
        parser.add_argument("reference", nargs="?", help="the batch's reference, e.g. UITB-2026-0001")
        parser.add_argument("--format", choices=sorted(FORMATS), default="sepa", help="sepa (pain.001) or csv")
        parser.add_argument("--output", help="file to write (default: standard output)")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES],
                            default=settings.LANGUAGE_CODE, help="language of the CSV headers (default: nl)")
        parser.add_argument("--list", action="store_true", help="print every batch's reference, one a line")

    def handle(self, *args, reference=None, format="sepa", output=None, language="nl", list=False, **options):
        if list:
            for ref in PayoutBatch.objects.order_by("created_at", "pk").values_list("reference", flat=True):
                self.stdout.write(ref)
            return
        if not reference:
            raise CommandError("Give a batch reference (see --list).")
        batch = PayoutBatch.objects.filter(reference=reference.strip().upper()).first()
        if batch is None:
            raise CommandError(f"No payout batch {reference!r} (see --list).")
        try:
            with translation.override(language):
                content, _type, _name = payout_file(batch, FORMATS[format])
        except FileRefused as refused:
            with translation.override(language):
                raise CommandError(str(refused.message)) from None
        if output:
            write_output(output, content)
        else:
            sys.stdout.buffer.write(content)
