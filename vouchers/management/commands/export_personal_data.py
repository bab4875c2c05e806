"""Everything the portal keeps about one business, as JSON or as a readable PDF (right of access):

    manage.py export_personal_data "BE 0403.170.701" --output gegevens.json
    manage.py export_personal_data 0403170701 --format pdf --language fr --output donnees.pdf
    manage.py export_personal_data 0403170701 --regie maasland --format pdf --output gegevens.pdf

Each regie is the controller of what it keeps. A business addresses its request to one regie: --regie (its short
name or id) answers for that regie, with its data only. Without --regie the export holds what every regie keeps,
each application, registration, introduction and mail named with its regie; on an install of several regies the
command says so, naming the regies the export covers.
"""
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from regie.ops.scheduled import write_output
from vouchers.privacy.erasure import UnknownBusiness, business_number
from vouchers.privacy.export import FORMATS, controllers, export_personal_data
from vouchers.privacy.scope import regie_option, several_regies


class Command(BaseCommand):
    help = ("Export all personal data of one business (enterprise number, any notation; or the e-mail address of a "
            "business that only registered for a networking moment) as JSON or PDF.")

    def add_arguments(self, parser):
        parser.add_argument("enterprise_number")
        parser.add_argument("--format", choices=FORMATS, default="json", dest="file_format")
        parser.add_argument("--language", choices=["nl", "fr", "en"], default=None,
                            help="of the texts and the file name (default: the language of the business's application)")
        parser.add_argument("--regie", help="the regie the business addressed its request to (short name or id): its "
                                            "data only; default: what every regie keeps, each part naming its regie")
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args, **options):
        with translation.override("en"):  # messages as the other commands write them; Belgian dates
            return self.run(**options)

    def run(self, *, enterprise_number, file_format, language, output, **options):
        regie = regie_option(options.get("regie"))
        try:
            content, _name = export_personal_data(enterprise_number=enterprise_number, file_format=file_format,
                                                  language=language, by=None, regie=regie)
        except UnknownBusiness as error:
            raise CommandError(str(error)) from None
        write_output(output, content)
        if regie is None and several_regies():
            covered = ", ".join(r.short_name for r in controllers(business_number(enterprise_number)))
            self.stdout.write(f"This export covers every regie that keeps something of the business ({covered}); "
                              f"each part names its regie. For a request addressed to one regie, give --regie.")
        if options["verbosity"] > 1:
            self.stdout.write(f"Written: {output} ({len(content)} bytes"
                              + (f", of {regie.short_name} only)." if regie else ")."))
