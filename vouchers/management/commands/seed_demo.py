"""`manage.py seed_demo`: the region, categories, demo enterprises and demo logins.

Safe to run again: existing rows are updated, nothing is duplicated, changed passwords stay.
"""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings

from enterprises import demo as enterprise_demo
from enterprises.demo_data import FIRM_USERS, SECOND_FIRM_USERS
from networking import demo as networking_demo
from regie.accounts.groups import COORDINATORS, FINANCE, sync_groups
from regie.models import StaffMembership
from regie.regies import demo as regie_demo
from vouchers import demo as voucher_demo, links
from vouchers.models import Application
from vouchers.services.applications import set_introduction_consent

DEMO_PASSWORDS = {
    "admin": "demo-admin-2026",
    "coordinator": "demo-coordinator-2026",
    "finance": "demo-finance-2026",
    "partner": "demo-partner-2026",
}


# While seeding, background work runs at once and mails go nowhere, whatever the configured task queue:
# nothing is left in a queue for a worker to mail later.
SILENT = {"EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
          "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}}


class Command(BaseCommand):
    help = "Load the region and fictitious demo data, and create the demo logins (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--on-production", action="store_true",
                            help="seed even with DEBUG off (publishes demo firms and creates demo logins!)")
        parser.add_argument("--without-meetings", action="store_true",
                            help="leave out the networking moments and introductions (tests that do not need them)")
        parser.add_argument("--one-regie", action="store_true",
                            help="leave out the second, fictional regie (tests of an install of one regie)")

    def handle(self, *args, on_production=False, without_meetings=False, one_regie=False, **options):
        if not settings.DEBUG and not on_production:
            raise CommandError("seed_demo creates demo firms and logins with known passwords, so it refuses to run "
                               "with DEBUG off. Load the region with `manage.py load_region`; add --on-production "
                               "only for a throw-away demo server.")
        # The overrides also cover the work done when the transaction commits.
        with override_settings(**SILENT), transaction.atomic():
            approved = self._seed(meetings=not without_meetings, second_regie=not one_regie)
        self._print_logins(approved)

    def _seed(self, *, meetings=True, second_regie=True):
        sync_groups()
        regie = regie_demo.seed()
        enterprise_demo.seed(regie=regie, firm_password=DEMO_PASSWORDS["partner"])
        self._staff("admin", "Demo", "Beheerder", superuser=True)
        for username, first_name, group in (("coordinator", "Annelies", COORDINATORS), ("finance", "Frank", FINANCE)):
            StaffMembership.objects.get_or_create(regie=regie, user=self._staff(username, first_name, "Demo",
                                                                                group=group))
        approved = voucher_demo.seed()
        if second_regie:
            self._second_regie()
        if not meetings:
            return approved
        networking_demo.seed()
        for application in Application.objects.filter(company_name__in=networking_demo.CONSENTING_APPLICATIONS):
            set_introduction_consent(application=application, consent=True)  # introduced to the firms it ticked
        return approved

    def _second_regie(self):
        """The fictional second regie beside it: its area, firms (one shared with the first), a call with cheques;
        the demo coordinator works for both (the admin's "Other regie"), finance for the first only."""
        regie = regie_demo.seed_second()
        enterprise_demo.seed_second(regie=regie, firm_password=DEMO_PASSWORDS["partner"])
        StaffMembership.objects.get_or_create(regie=regie, user=get_user_model().objects.get(username="coordinator"))
        voucher_demo.seed_second()

    def _print_logins(self, approved):
        self.stdout.write(self.style.SUCCESS("Demo data ready. Logins (user / password):"))
        for username in ("admin", "coordinator", "finance"):
            self.stdout.write(f"  /admin/    {username:<22} {DEMO_PASSWORDS[username]}")
        for username in [*FIRM_USERS, *SECOND_FIRM_USERS]:
            self.stdout.write(f"  /nl/partner/ {username:<20} {DEMO_PASSWORDS['partner']}")
        if approved is not None:
            self.stdout.write("Personal page of a demo business with a cheque (link valid 30 days):\n"
                              f"  {links.applicant_url(approved)}")

    def _staff(self, username, first_name, last_name, *, superuser=False, group=None):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first_name, "last_name": last_name, "email": f"{username}@demo.example",
                      "is_staff": True, "is_superuser": superuser},
        )
        if created:
            user.set_password(DEMO_PASSWORDS[username])
            user.save()
        if group:
            user.groups.add(Group.objects.get(name=group))
        return user
