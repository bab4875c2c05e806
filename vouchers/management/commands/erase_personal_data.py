"""Erase one business's personal data on its request (names, contact details, free texts, the cheque file, its
mails, the names in the audit log); the enterprise number, invoices, amounts and dates stay for the accounts
until the end of the retention period (vouchers/privacy/erasure.py):

    manage.py erase_personal_data "BE 0403.170.701"          # asks to type the number again
    manage.py erase_personal_data 0403170701 --yes
    manage.py erase_personal_data info@bakkerij.example --yes   # a business known by its address alone
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


class Command(BaseCommand):
    help = ("Erase the personal data of one business (enterprise number, any notation; or the e-mail address of a "
            "business that only registered for a networking moment), after confirmation.")

    def add_arguments(self, parser):
        parser.add_argument("enterprise_number")
        parser.add_argument("--yes", action="store_true", help="do not ask to type the number again")

    def handle(self, *args, **options):
        with translation.override("en"):  # messages as the other commands write them; Belgian dates
            return self.run(**options)

    def run(self, *, enterprise_number, yes=False, **options):
        try:
            number = business_number(enterprise_number)
        except UnknownBusiness as error:
            raise CommandError(str(error)) from None
        reasons = open_matters(number)
        if reasons:
            raise CommandError("Not erased yet:\n" + "\n".join(f"- {reason}" for reason in reasons))
        shown = number if "@" in number else format_enterprise_number(number)
        self.stdout.write(self.plan(number, shown))
        if not yes and not self.confirmed(number, shown):
            raise CommandError("Not erased: the number typed again does not match.")
        try:
            result = erase_personal_data(enterprise_number=number, by=None)
        except ErasureRefused as error:  # something opened meanwhile
            raise CommandError("Not erased yet:\n" + "\n".join(f"- {reason}" for reason in error.reasons)) from None
        done = ", ".join(f"{name.replace('_', ' ')}: {count}" for name, count in result.as_data().items())
        self.stdout.write(f"Erased for {shown}: {done}." if done else f"Nothing left to erase for {shown}.")

    def plan(self, number, shown):
        applications = applications_of(number)
        with_cheque = applications.filter(voucher__isnull=False).count()
        kept = kept_of(number)
        until = (f" Kept for the accounts and the record of state aid (GDPR art. 6.1(c)): the enterprise number and "
                 f"{len(kept.invoices)} invoice(s), until {formats.date_format(kept.until, 'SHORT_DATE_FORMAT')}."
                 if kept.until else "")
        return (f"{shown}: {applications.count()} application(s); {with_cheque} with a cheque keep the invoices, "
                f"amounts and dates without names, the others are deleted; the mails to the business and the sent "
                f"mails naming it are deleted.{until}")

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
