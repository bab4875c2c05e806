"""The programme's eligibility rules for an application (DESIGN.md section 3), as field errors.

Used by the application form (messages next to the fields) and again by the service that
stores the application, so a rule holds whatever the entry point.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from enterprises.models import Postcode, SocialEnterprise
from enterprises.region import area_names
from vouchers.models import Application, Call, DeMinimisGrant


def normalize_postcode(typed: object) -> str:
    return "".join(str(typed or "").split())


def region_postcode(call: Call, typed: object) -> Postcode | None:
    """The Postcode row of the region for `typed`, or None."""
    code = normalize_postcode(typed)
    if len(code) != 4 or not code.isdigit():
        return None
    return call.region_postcodes().filter(code=code).select_related("municipality").first()


def eligibility_errors(
    *, call: Call, enterprise_number: str | None, postcode: object, deminimis_amount: Decimal | None,
    today: datetime.date | None = None, email: str | None = None,
) -> dict[str | None, ValidationError]:
    """{field: ValidationError} for every rule the application breaks; empty when eligible.

    With `email`, also refuses a second application of the same applicant (see _enterprise_error)."""
    errors: dict[str | None, ValidationError] = {}
    if not call.is_open(today or timezone.localdate()):
        errors[None] = ValidationError(_("This call is closed: applications are no longer accepted."),
                                       code="call_closed")
    if postcode is not None and region_postcode(call, postcode) is None:
        errors["postcode"] = ValidationError(
            _("Your establishment must be in %(area)s; this postcode is not in the region."),
            code="outside_region", params={"area": area_names(call.region_postcodes())},
        )
    if enterprise_number and (error := _enterprise_error(call, enterprise_number, email)):
        errors["enterprise_number"] = error
    if deminimis_amount is not None and _over_deminimis_ceiling(call, deminimis_amount, enterprise_number, today):
        errors["deminimis_amount"] = ValidationError(
            _("With this cheque your de-minimis aid would exceed EUR %(ceiling)s over three years, "
              "so you cannot receive it."),
            code="deminimis_ceiling",
            params={"ceiling": number_format(call.deminimis_ceiling, 2, force_grouping=True)},
        )
    return errors


def _enterprise_error(call: Call, enterprise_number: str, email: str | None) -> ValidationError | None:
    """A social enterprise of the catalogue, or the same applicant (number and e-mail address) applying again.

    Only a confirmed application (or a decision on one) counts, and only for the address that confirmed it:
    someone who types another business's number blocks nobody. A second confirmed application from another
    address is a conflict the coordinator decides (ApplicationQuerySet.with_conflict), or voids.
    """
    if SocialEnterprise.objects.filter(enterprise_number=enterprise_number).exists():
        return ValidationError(
            _("This enterprise number belongs to a social-economy enterprise of the catalogue; "
              "the cheque is meant for regular businesses."),
            code="is_social_enterprise",
        )
    applied = Application.objects.counted(call=call, enterprise_number=enterprise_number)
    if email and applied.filter(email__iexact=email.strip()).exists():
        return ValidationError(
            _("You already applied for this enterprise number in this call with this e-mail address. "
              "Check your mailbox, or ask for a new link to your application."),
            code="already_applied",
        )
    return None


def _over_deminimis_ceiling(call: Call, declared: Decimal, enterprise_number: str | None,
                            today: datetime.date | None) -> bool:
    """Whether this cheque would take the business's de-minimis aid of the three years before over the ceiling:
    what it declared, and at least what this portal granted it in that time (the declaration includes those
    grants, so they are not added twice)."""
    recorded = Decimal("0.00")
    if enterprise_number:
        grants = DeMinimisGrant.objects.of_enterprise(enterprise_number)
        recorded = grants.in_three_years_before(today or timezone.localdate()).total()
    return max(declared, recorded) + call.face_value > call.deminimis_ceiling
