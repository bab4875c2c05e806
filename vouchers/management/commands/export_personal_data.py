"""Everything the portal keeps about one business, as JSON or as a readable PDF (right of access):

    manage.py export_personal_data "BE 0403.170.701" --output gegevens.json
    manage.py export_personal_data 0403170701 --format pdf --language fr --output donnees.pdf
"""
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from regie.ops.scheduled import write_output
from vouchers.privacy.erasure import UnknownBusiness
from vouchers.privacy.export import FORMATS, export_personal_data


class Command(BaseCommand):
    help = ("Export all personal data of one business (enterprise number, any notation; or the e-mail address of a "
            "business that only registered for a networking moment) as JSON or PDF.")

    def add_arguments(self, parser):
        parser.add_argument("enterprise_number")
        parser.add_argument("--format", choices=FORMATS, default="json", dest="file_format")
        parser.add_argument("--language", choices=["nl", "fr", "en"], default=None,
                            help="of the texts and the file name (default: the language of the business's application)")
        parser.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args, **options):
        with translation.override("en"):  # messages as the other commands write them; Belgian dates
            return self.run(**options)

    def run(self, *, enterprise_number, file_format, language, output, **options):
        try:
            content, _name = export_personal_data(enterprise_number=enterprise_number, file_format=file_format,
                                                  language=language, by=None)
        except UnknownBusiness as error:
            raise CommandError(str(error)) from None
        write_output(output, content)
        if options["verbosity"] > 1:
            self.stdout.write(f"Written: {output} ({len(content)} bytes).")
