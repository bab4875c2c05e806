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
from vouchers.models import Application, ApplicationStatus, Call


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
    today: datetime.date | None = None,
) -> dict[str | None, ValidationError]:
    """{field: ValidationError} for every rule the application breaks; empty when eligible."""
    errors: dict[str | None, ValidationError] = {}
    if not call.is_open(today or timezone.localdate()):
        errors[None] = ValidationError(_("This call is closed: applications are no longer accepted."),
                                       code="call_closed")
    if postcode is not None and region_postcode(call, postcode) is None:
        errors["postcode"] = ValidationError(
            _("Your establishment must be in Tongeren, Bilzen, Hoeselt, Riemst or Voeren; "
              "this postcode is not in the region."),
            code="outside_region",
        )
    if enterprise_number and (error := _enterprise_error(call, enterprise_number)):
        errors["enterprise_number"] = error
    if deminimis_amount is not None and deminimis_amount + call.face_value > call.deminimis_ceiling:
        errors["deminimis_amount"] = ValidationError(
            _("With this cheque your de-minimis aid would exceed EUR %(ceiling)s over three years, "
              "so you cannot receive it."),
            code="deminimis_ceiling",
            params={"ceiling": number_format(call.deminimis_ceiling, 2, force_grouping=True)},
        )
    return errors


def _enterprise_error(call: Call, enterprise_number: str) -> ValidationError | None:
    """A social enterprise of the catalogue, or a business that already applied in this call."""
    if SocialEnterprise.objects.filter(enterprise_number=enterprise_number).exists():
        return ValidationError(
            _("This enterprise number belongs to a social-economy enterprise of the catalogue; "
              "the cheque is meant for regular businesses."),
            code="is_social_enterprise",
        )
    applied = Application.objects.filter(call=call, enterprise_number=enterprise_number).exclude(
        status=ApplicationStatus.WITHDRAWN)
    if applied.exists():
        return ValidationError(
            _("An application for this enterprise number was already submitted in this call. "
              "Check your mailbox, or ask for a new link to your application."),
            code="already_applied",
        )
    return None
