"""Erase one business's personal data on its request (names, contact details, free texts, the cheque file, its
mails, the names in the audit log); the enterprise number, invoices, amounts and dates stay for the accounts
until the end of the retention period (vouchers/privacy/erasure.py):

    manage.py erase_personal_data "BE 0403.170.701"          # asks to type the number again
    manage.py erase_personal_data 0403170701 --yes
    manage.py erase_personal_data info@bakkerij.example --yes   # a business known by its address alone
    manage.py erase_personal_data 0403170701 --regie maasland   # on an install of several regies
    manage.py erase_personal_data 0403170701 --all-regies       # what every regie keeps

Each regie is the controller of what it keeps, and a business addresses its request to one regie: on an install of
several regies, --regie (its short name or id) erases that regie's data of the business only, and what other regies
keep stays as it is. Erasing what every regie keeps at once takes --all-regies: an erasure cannot be undone, so the
command does not guess it. On an install of one regie neither is needed.
"""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import formats, translation

from regie.formats.numbers import format_enterprise_number, normalize_enterprise_number
from vouchers.privacy.erasure import (
    ErasureRefused,
    UnknownBusiness,
    applications_of,
    business_number,
    erase_personal_data,
    kept_of,
    open_matters,
)
from vouchers.privacy.scope import regie_option, regies_listed, several_regies


class Command(BaseCommand):
    help = ("Erase the personal data of one business (enterprise number, any notation; or the e-mail address of a "
            "business that only registered for a networking moment), after confirmation.")

    def add_arguments(self, parser):
        parser.add_argument("enterprise_number")
        parser.add_argument("--yes", action="store_true", help="do not ask to type the number again")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--regie", help="the regie the business addressed its request to (short name or id): "
                                           "erase its data only (needed when the install has several regies)")
        which.add_argument("--all-regies", action="store_true", help="erase what every regie keeps of the business")

    def handle(self, *args, **options):
        with translation.override("en"):  # messages as the other commands write them; Belgian dates
            return self.run(**options)

    def run(self, *, enterprise_number, yes=False, **options):
        regie = regie_option(options.get("regie"))
        if regie is None and not options.get("regie") and not options.get("all_regies") and several_regies():
            raise CommandError(f"This install has several regies ({regies_listed()}): give --regie (short name or "
                               f"id) for the regie the business addressed its request to, or --all-regies to erase "
                               f"what every regie keeps.")
        try:
            number = business_number(enterprise_number, regie=regie)
        except UnknownBusiness as error:
            raise CommandError(str(error)) from None
        reasons = open_matters(number, regie=regie)
        if reasons:
            raise CommandError("Not erased yet:\n" + "\n".join(f"- {reason}" for reason in reasons))
        shown = number if "@" in number else format_enterprise_number(number)
        self.stdout.write(self.plan(number, shown, regie))
        if not yes and not self.confirmed(number, shown):
            raise CommandError("Not erased: the number typed again does not match.")
        try:
            result = erase_personal_data(enterprise_number=number, by=None, regie=regie)
        except ErasureRefused as error:  # something opened meanwhile
            raise CommandError("Not erased yet:\n" + "\n".join(f"- {reason}" for reason in error.reasons)) from None
        done = ", ".join(f"{name.replace('_', ' ')}: {count}" for name, count in result.as_data().items())
        self.stdout.write(f"Erased for {shown}: {done}." if done else f"Nothing left to erase for {shown}.")

    def plan(self, number, shown, regie):
        applications = applications_of(number, regie=regie)
        with_cheque = applications.filter(voucher__isnull=False).count()
        kept = kept_of(number, regie=regie)
        scope = (f"Of {regie.short_name} only (what other regies keep stays as it is): " if regie
                 else "Of every regie: " if several_regies() else "")
        until = (f" Kept for the accounts and the record of state aid (GDPR art. 6.1(c)): the enterprise number and "
                 f"{len(kept.invoices)} invoice(s), until {formats.date_format(kept.until, 'SHORT_DATE_FORMAT')}."
                 if kept.until else "")
        return (f"{scope}{shown}: {applications.count()} application(s); {with_cheque} with a cheque keep the "
                f"invoices, amounts and dates without names, the others are deleted; the mails to the business and "
                f"the sent mails naming it are deleted.{until}")

    def confirmed(self, number, shown):
        try:
            typed = input(f"Type the enterprise number or address ({shown}) again to erase its personal data: ")
        except EOFError:
            return False
        if "@" in number:  # a business known by its e-mail address alone
            return typed.strip().lower() == number
        try:
            return normalize_enterprise_number(typed) == number
        except ValidationError:
            return False
