"""Add a regie with its host names and its first coordinator (README "Adding a regie"):

    manage.py create_regie --short-name maasland --name "Regie sociale economie Maasland" --region Maasland \\
        --host cheque.regie-maasland.be --contact-email info@regie-maasland.be \\
        --sender-email noreply@regie-maasland.be --legal-name "Regie sociale economie Maasland" \\
        --iban "BE71 0961 2345 6769" --bic GKCCBEBB --enterprise-number 0899.000.057 \\
        --coordinator an.maasland --coordinator-email an@regie-maasland.be --postcode 3630,3650

The first --host is the primary one (mailed links, QR codes). Each --postcode (with all its places) joins the regie's
area: it must be in the portal already (manage.py load_region, or the admin's Municipalities); the coordinator can
change the area later in the admin. It prints the link where the coordinator sets a
password (on the regie's host; hand it over, it is valid for PASSWORD_RESET_TIMEOUT). Bad input stops it with exit
code 1, one line per problem naming the option, and nothing saved.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from enterprises.models import Postcode
from enterprises.password_reset import password_set_link
from enterprises.services import add_to_area
from regie.regies import services as regies

OPTIONS = {  # the service's field -> the option that gave it
    "short_name": "--short-name", "name_nl": "--name", "region_name_nl": "--region", "hosts": "--host",
    "contact_email": "--contact-email", "sender_email": "--sender-email", "legal_name": "--legal-name",
    "iban": "--iban", "bic": "--bic", "enterprise_number": "--enterprise-number", "contact_phone": "--phone",
    "postal_address": "--postal-address", "username": "--coordinator", "email": "--coordinator-email",
    "postcodes": "--postcode",
}
REGIE_OPTIONS = {"short_name": "short_name", "name_nl": "name", "region_name_nl": "region", "legal_name": "legal_name",
                 "contact_email": "contact_email", "sender_email": "sender_email", "iban": "iban", "bic": "bic",
                 "enterprise_number": "enterprise_number", "contact_phone": "phone", "postal_address": "postal_address"}


def area_postcodes(codes: list[str]) -> list[Postcode]:
    """Every place of each of `codes` ("3630" or "3630,3650"); ValidationError naming the codes the portal does
    not have."""
    wanted = {code.strip() for text in codes for code in text.split(",") if code.strip()}
    found = list(Postcode.objects.filter(code__in=wanted).order_by("code", "pk"))
    unknown = sorted(wanted - {postcode.code for postcode in found})
    if unknown:
        raise ValidationError({"postcodes": [
            f"{code} is not a postcode in the portal yet: load it (manage.py load_region) or add it in the admin "
            "under Municipalities." for code in unknown]})
    return found


def problems(error: ValidationError) -> str:
    """"--iban: This is not a valid IBAN, ..." one line per message."""
    items = error.error_dict.items() if hasattr(error, "error_dict") else [("__all__", error.error_list)]
    return "\n".join(f"{OPTIONS.get(field, field)}: {message}" for field, errors in items
                     for message in ValidationError(errors).messages)


class Command(BaseCommand):
    help = "Add a regie with its host names and its first coordinator; prints the coordinator's password link."

    def add_arguments(self, parser):
        required = parser.add_argument_group("required")
        for option, text in [("--short-name", "lower-case letters, digits and hyphens, e.g. maasland"),
                             ("--name", "the name the public reads (Dutch; other languages in the admin)"),
                             ("--region", "the area's name"), ("--contact-email", "the public's contact address"),
                             ("--sender-email", "the From address of its mails"),
                             ("--legal-name", "the account holder's name in bank files (at most 70 characters)"),
                             ("--coordinator", "the first coordinator's username"),
                             ("--coordinator-email", "the first coordinator's e-mail address")]:
            required.add_argument(option, required=True, help=text)
        required.add_argument("--host", action="append", required=True,
                              help="a host name, e.g. cheque.regie-maasland.be; again for more, the first primary")
        for option in ("--iban", "--bic", "--enterprise-number", "--phone", "--postal-address"):
            parser.add_argument(option, default="")
        parser.add_argument("--postcode", action="append", default=[],
                            help="postcodes of the regie's area, e.g. 3630 or 3630,3650; again for more")

    def handle(self, *args, **options):
        with translation.override("en"):
            try:
                regie, user = self.create(options)
            except ValidationError as error:
                raise CommandError(problems(error)) from None
            link = password_set_link(regie=regie, user=user)
            missing = regie.missing_setup()
        hours = settings.PASSWORD_RESET_TIMEOUT // 3600
        self.stdout.write(f"Regie {regie.short_name} created: {regie.base_url}/")
        self.stdout.write(f"Coordinator {user.username}: set a password within {hours} hours at\n{link}")
        if missing:
            self.stdout.write(f"Still missing (in the admin, under Regies): {', '.join(missing)}.")

    @staticmethod
    @transaction.atomic
    def create(options):
        data = {field: options[option] for field, option in REGIE_OPTIONS.items()}
        regie = regies.create_regie(by=None, data=data, hosts=options["host"])
        user = regies.add_coordinator(by=None, regie=regie, username=options["coordinator"],
                                      email=options["coordinator_email"])
        for postcode in area_postcodes(options["postcode"]):
            add_to_area(regie=regie, postcode=postcode, by=None)
        return regie, user
