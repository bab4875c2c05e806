"""The programme report of one regie as PDF, per year or per call, in Dutch (default), French or English:

    manage.py programme_report --year 2026 --output verslag-2026.pdf
    manage.py programme_report --regie zuidoost --year 2026 --output verslag-2026.pdf
    manage.py programme_report --call 3 --language fr --output rapport.pdf

--regie (its short name) is needed when the install has several regies; a call names its own regie.
"""
from django.core.management.base import BaseCommand, CommandError

from regie.ops.scheduled import write_output
from vouchers.management.regies import chosen_regie
from vouchers.models import Call
from vouchers.reports.figures import Scope
from vouchers.reports.programme import NoData, programme_report


class Command(BaseCommand):
    help = "Write the programme report (PDF) of a regie for a year's calls or one call."

    def add_arguments(self, parser):
        parser.add_argument("--regie", help="the regie's short name (needed when there are several)")
        parser.add_argument("--year", type=int, help="the calls opening in this year")
        parser.add_argument("--call", type=int, help="one call, by its id")
        parser.add_argument("--language", choices=["nl", "fr", "en"], default="nl")
        parser.add_argument("--output", required=True, help="the PDF file to write")

    def handle(self, *args, year=None, call=None, language="nl", output=None, **options):
        if (year is None) == (call is None):
            raise CommandError("Give either --year or --call.")
        chosen = None
        if call is not None:
            chosen = self.call(call, options.get("regie"))
            regie = chosen.regie
        else:
            regie = chosen_regie(options.get("regie"))
        try:
            pdf, _filename = programme_report(Scope(regie=regie, call=chosen, year=year), language)
        except NoData as error:
            raise CommandError(str(error)) from None
        write_output(output, pdf)
        if options["verbosity"] > 1:
            self.stdout.write(f"Written: {output} ({len(pdf)} bytes).")

    @staticmethod
    def call(pk: int, short_name: str | None) -> Call:
        calls = Call.objects.select_related("regie").order_by("pk")
        if short_name:
            calls = calls.filter(regie=chosen_regie(short_name))
        chosen = calls.filter(pk=pk).first()
        if chosen is None:
            raise CommandError(f"No call with id {pk}; the calls are: " + ", ".join(
                f"{c.pk} ({c.name}, {c.regie.short_name})" for c in calls))
        return chosen
