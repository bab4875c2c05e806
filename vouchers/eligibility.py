"""The programme's eligibility rules for an application (DESIGN.md section 3), as field errors.

Used by the application form (messages next to the fields) and again by the service that
stores the application, so a rule holds whatever the entry point.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, gettext_lazy as _

from enterprises.models import Postcode, SocialEnterprise
from enterprises.region import area_names
from enterprises.register.lookup import RegisteredEnterprise, Site, find_enterprise, register_loaded
from enterprises.register.models import Extract
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


# The enterprise register (KBO open data), when one is loaded: active, in the call's area, not excluded.

@dataclass(frozen=True)
class RegisterCheck:
    """What the register says about an enterprise number for a call: `extract` None when no register is loaded,
    `enterprise` None when the number is not in it; `sites` its seat and establishments in the call's area;
    `error` the rule it breaks (for the enterprise number field), or None."""

    extract: Extract | None = None
    enterprise: RegisteredEnterprise | None = None
    sites: list[Site] = field(default_factory=list)
    error: ValidationError | None = None

    def site(self, number: str | None) -> Site | None:
        """The chosen site; the only one when there is one and none was chosen."""
        if not number and len(self.sites) == 1:
            return self.sites[0]
        return next((site for site in self.sites if site.number == number), None)


def check_register(call: Call, enterprise_number: str) -> RegisterCheck:
    extract = register_loaded()
    if extract is None:
        return RegisterCheck()
    enterprise = find_enterprise(enterprise_number)
    if enterprise is None:
        return RegisterCheck(extract=extract)
    codes = set(call.region_postcodes().values_list("code", flat=True))
    sites = [site for site in enterprise.sites if site.postcode in codes]
    return RegisterCheck(extract=extract, enterprise=enterprise, sites=sites,
                         error=_register_error(call, extract, enterprise, sites))


def _register_error(call: Call, extract: Extract, enterprise: RegisteredEnterprise,
                    sites: list[Site]) -> ValidationError | None:
    date = extract.snapshot_date.strftime("%d/%m/%Y")
    if not enterprise.active:
        return ValidationError(
            _("According to the enterprise register of %(date)s this enterprise is not active (KBO status %(status)s, "
              "juridical situation %(situation)s); only an active enterprise can apply."), code="kbo_stopped",
            params={"date": date, "status": enterprise.status, "situation": enterprise.juridical_situation})
    if enterprise.juridical_form and enterprise.juridical_form in call.excluded_forms():
        return ValidationError(
            _("According to the enterprise register of %(date)s this enterprise has juridical form %(form)s, which "
              "this call excludes (public bodies and the social-economy enterprises themselves cannot apply)."),
            code="kbo_juridical_form", params={"date": date, "form": enterprise.juridical_form})
    if code := excluded_activity(call, enterprise):
        return ValidationError(
            _("According to the enterprise register of %(date)s this enterprise's main activity is NACE %(code)s, "
              "which this call excludes (public bodies and the social-economy enterprises themselves cannot "
              "apply)."), code="kbo_nace", params={"date": date, "code": code})
    if not sites:
        return ValidationError(
            _("According to the enterprise register of %(date)s this enterprise has no establishment in %(area)s. "
              "%(seat)s"), code="kbo_outside_area",
            params={"date": date, "area": area_names(call.region_postcodes()), "seat": _seat_text(enterprise)})
    return None


def main_nace(enterprise: RegisteredEnterprise) -> tuple[str, str] | None:
    """(version, code) of the main activity, NACE 2025 where the register gives one, else NACE 2008."""
    for version in ("2025", "2008"):
        for code, classification in enterprise.nace_codes.get(version, []):
            if classification == "MAIN":
                return version, code
    return None


def excluded_activity(call: Call, enterprise: RegisteredEnterprise) -> str | None:
    """The first main NACE code (2025, then 2008) that starts with one of the call's excluded prefixes, as
    "56.110 (NACE 2025)", or None."""
    prefixes = tuple(call.excluded_nace_prefixes())
    for version in ("2025", "2008") if prefixes else ():
        for code, kind in enterprise.nace_codes.get(version, []):
            if kind == "MAIN" and code.startswith(prefixes):
                return f"{nace_display(code)} (NACE {version})"
    return None


def nace_display(code: str) -> str:
    """"56110" -> "56.110", as NACE-BEL writes its codes."""
    return f"{code[:2]}.{code[2:]}" if len(code) > 2 else code


def in_language(texts: dict[str, str]) -> str:
    """A name or street in the reader's language, else Dutch, French, German, whatever is there."""
    for language in ((get_language() or "nl")[:2], "nl", "fr", "de", "en", ""):
        if texts.get(language):
            return texts[language]
    return ""


def site_address(site: Site) -> tuple[str, str, str]:
    """(street and number, postcode, place) of a site, in the reader's language where the register has it."""
    street = " ".join(filter(None, [in_language(site.street), site.house_number]))
    if site.box:
        street = _("%(street)s box %(box)s") % {"street": street, "box": site.box}
    return street, site.postcode, in_language(site.municipality)


def _seat_text(enterprise: RegisteredEnterprise) -> str:
    if enterprise.seat is None:
        return str(_("The register gives no seat address in Belgium for it."))
    street, postcode, place = site_address(enterprise.seat)
    return str(_("Its seat is at %(address)s.") % {"address": f"{street}, {postcode} {place}"})


def register_snapshot(check: RegisterCheck, site: Site | None) -> dict[str, Any]:
    """What the register said, kept on the application: {} without a register, found False when not in it."""
    if check.extract is None:
        return {}
    snapshot: dict[str, Any] = {"extract": check.extract.number, "date": check.extract.snapshot_date.isoformat(),
                                "found": check.enterprise is not None}
    enterprise = check.enterprise
    if enterprise is None:
        return snapshot
    nace = main_nace(enterprise)
    snapshot.update(status=enterprise.status, situation=enterprise.juridical_situation, active=enterprise.active,
                    name=in_language(enterprise.names), juridical_form=enterprise.juridical_form,
                    nace=nace[1] if nace else "", nace_version=nace[0] if nace else "")
    if site is not None:
        street, postcode, place = site_address(site)
        snapshot["site"] = {"number": site.number, "is_seat": site.is_seat, "name": in_language(site.names),
                            "street": street, "postcode": postcode, "place": place}
    return snapshot


def register_errors(*, call: Call, enterprise_number: str | None,
                    site: str | None) -> tuple[dict[str | None, ValidationError], dict[str, Any]]:
    """({field: error}, snapshot) for the register's rules; no errors and {} when no register is loaded."""
    if not enterprise_number:
        return {}, {}
    check = check_register(call, enterprise_number)
    if check.error is not None:
        return {"enterprise_number": check.error}, {}
    chosen = check.site(site)
    if check.sites and chosen is None:
        return {"site": ValidationError(_("Choose the establishment the cheque is for."), code="kbo_site")}, {}
    return {}, register_snapshot(check, chosen)
