"""Apply the retention schedule (regie/privacy/schedule.py): delete or anonymise what has been kept for its
period. Daily (deploy/systemd/portal-apply-retention.timer), idempotent, quiet when nothing was due; the run is
audited with counts only. `--dry-run` lists every rule with what it would do and changes nothing."""
from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from regie.ops.scheduled import ran
from vouchers.privacy.retention import apply_retention

WOULD = {"delete": "would be deleted", "anonymise": "would be anonymised"}
DONE = {"delete": "deleted", "anonymise": "anonymised"}


class Command(BaseCommand):
    help = "Delete or anonymise personal data kept longer than the retention schedule allows."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only say what would be done")

    def handle(self, *args, **options):
        with translation.override("en"):  # messages as the other commands write them; Belgian dates
            return self.run(**options)

    def run(self, *, dry_run=False, **options):
        today = timezone.localdate()
        outcomes = apply_retention(today=today, dry_run=dry_run)
        for outcome in outcomes:
            entry = outcome.entry
            if dry_run or outcome.count or options["verbosity"] > 1:
                verb = (WOULD if dry_run else DONE)[entry.then]
                self.stdout.write(f"{entry.key}: {outcome.count} {verb} (kept {entry.period} after {entry.start})")
        if not dry_run:
            ran("apply_retention", ", ".join(f"{o.entry.key} {o.count}" for o in outcomes if o.count) or "nothing due")
