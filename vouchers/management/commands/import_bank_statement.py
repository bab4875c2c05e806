"""Import the bank's statements (camt.053 or CODA) of the regie's account: each payment paid on its booking date,
returned transfers marked returned, the rest listed in the admin for finance. Each file is imported whole or not
at all; a statement imported before changes nothing. Exit code 1 when a file was refused (the others are imported)."""
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from vouchers import services
from vouchers.exceptions import TransitionError


class Command(BaseCommand):
    help = "Import bank statements (camt.053 or CODA): payments paid or returned, the rest to assign in the admin."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="a camt.053 (XML) or CODA statement file")

    def handle(self, *args, files, **options):
        with translation.override("en"):  # messages as the other commands write them
            refused = [message for message in map(self.import_file, files) if message]
        if refused:
            raise CommandError("\n".join(refused))

    def import_file(self, name):
        """Import one file and say what it did; the reason when it was refused."""
        path = Path(name)
        try:
            content = path.read_bytes()
        except OSError as error:
            return f"{name}: {error.strerror or error}"
        try:
            result = services.import_bank_statement(content=content, filename=path.name, by=None)
        except ValidationError as error:
            return " ".join(error.messages)
        except TransitionError as error:
            return f"{path.name}: {error}"
        self.stdout.write(str(result))
        return ""
