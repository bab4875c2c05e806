"""Load a KBO open data extract (KboOpenData_<n>_<yyyy>_<mm>_Full.zip, or an _Update.zip on top of the extract
before it) into the enterprise register. Without FILE: the newest full extract in the directory KBO_DIR names
(the monthly timer deploy/systemd/portal-import-kbo.timer; the KBO site needs a log-in, so someone downloads the
file there). The same extract twice changes nothing; an older one is refused; any fault names the file and the
line and leaves the register as it was."""
import os
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from enterprises.register.importer import import_extract
from enterprises.register.kbo import KboError
from regie.ops.scheduled import ran

# Monthly extracts are KboOpenData_0140_2025_10_Full.zip; since October 2025 the KBO also names them by the day
# (KboOpenData_0141_2025_10_06_Full.zip). The extract number orders them either way.
FULL_NAME = re.compile(r"KboOpenData_(\d+)_\d{4}_\d{2}(?:_\d{2})?_Full\.zip$", re.IGNORECASE)


class Command(BaseCommand):
    help = "Load a KBO open data extract (zip) into the enterprise register; without FILE, the newest in KBO_DIR."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="the extract's zip; default: the newest full extract in KBO_DIR")

    def handle(self, *args, **options):
        path = options["file"] or newest_extract(os.environ.get("KBO_DIR", ""))
        if path is None:
            ran("import_kbo", "KBO_DIR not set: no register")
            self.stdout.write("KBO_DIR is not set: no extract to load (the portal works without the register).")
            return
        try:
            outcome = import_extract(path)
        except KboError as error:
            raise CommandError(f"{error}. The register is unchanged.") from None
        ran("import_kbo", outcome.message)
        self.stdout.write(outcome.message)


def newest_extract(directory):
    """The full extract with the highest number in `directory`; None when no directory is set."""
    if not directory:
        return None
    folder = Path(directory)
    if not folder.is_dir():
        raise CommandError(f"KBO_DIR={directory}: no such directory.")
    extracts = [(int(match.group(1)), path) for path in folder.iterdir() if (match := FULL_NAME.search(path.name))]
    if not extracts:
        raise CommandError(f"KBO_DIR={directory}: no KboOpenData_<n>_<yyyy>_<mm>[_<dd>]_Full.zip in it: download "
                           "the month's extract from the KBO open data site into it.")
    return max(extracts)[1]
