"""Calls: created and edited by the coordinator, each for the regie whose host the coordinator works on (set when
the call is made, never changed). The counters (committed, redeemed, paid) are never written here: only the
services that move money change them, under the call's row lock."""
from collections.abc import Collection, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from enterprises.models import Municipality, Postcode
from regie.audit import record
from regie.models import Regie
from vouchers.models import Call, MunicipalityShare

RULE_FIELDS = ("name", "name_fr", "name_en", "face_value", "budget", "opens_on", "closes_on", "validity_months",
               "contest_days", "followup_months", "random_check_percent", "deminimis_ceiling", "funding_reference",
               "subsidy_amount", "target_cheques", "excluded_juridical_forms", "excluded_nace")


def budget_error(*, budget: Decimal | None, committed: Decimal) -> ValidationError | None:
    """The field error for a budget below what the call has already committed, or None."""
    if budget is None or budget >= committed:
        return None
    return ValidationError(
        _("The budget cannot be lower than what is already committed to issued cheques: EUR %(committed)s."),
        code="budget_below_committed", params={"committed": number_format(committed, 2, force_grouping=True)})


def _as_text(value: object) -> str | None:
    """For the audit log: amounts with their two decimals, dates and numbers as text."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value) if value is not None else None


@transaction.atomic
def create_call(*, by: User | None, regie: Regie, data: Mapping[str, Any],
                postcodes: Iterable[Postcode] = ()) -> Call:
    """A call of `regie`; ValidationError when a rule breaks (e.g. the regie has a call of this name)."""
    call = Call(regie=regie, **{name: data[name] for name in RULE_FIELDS if name in data})
    call.full_clean()
    call.save()
    call.postcodes.set(postcodes)
    record(by, "call.created", call, {"regie": regie.short_name,
                                      **{name: _as_text(getattr(call, name)) for name in RULE_FIELDS}})
    return call


@transaction.atomic
def update_call(*, call: Call, by: User | None, changes: Mapping[str, Any],
                postcodes: Collection[Postcode] | None = None) -> Call:
    """Change a call's rules under its row lock; raises ValidationError({"budget": ...}) when the new
    budget is lower than what is committed at that moment."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    changed = {name: value for name, value in changes.items() if name in RULE_FIELDS and getattr(call, name) != value}
    error = budget_error(budget=changed.get("budget"), committed=call.committed)
    if error is not None:
        raise ValidationError({"budget": error})
    data: dict[str, Any] = {name: [_as_text(getattr(call, name)), _as_text(value)] for name, value in changed.items()}
    for name, value in changed.items():
        setattr(call, name, value)
    call.full_clean()
    if changed:
        call.save(update_fields=list(changed))
    if postcodes is not None and set(call.postcodes.all()) != set(postcodes):
        data["postcodes"] = sorted(p.code for p in postcodes)
        call.postcodes.set(postcodes)
    if data:
        record(by, "call.changed", call, data)
    return call


@transaction.atomic
def set_municipality_shares(*, call: Call, by: User | None,
                            shares: Mapping[Municipality, Decimal | None]) -> Call:
    """`shares`: {municipality: amount or None}; None or 0 removes a share. Audited as one change."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    before = {s.municipality_id: s.amount for s in call.shares.all()}
    for municipality, amount in shares.items():
        if amount:
            MunicipalityShare.objects.update_or_create(call=call, municipality=municipality,
                                                       defaults={"amount": amount})
        else:
            MunicipalityShare.objects.filter(call=call, municipality=municipality).delete()
    after = {s.municipality_id: s.amount for s in call.shares.all()}
    if before != after:
        record(by, "call.shares_changed", call, {"before": {k: _as_text(v) for k, v in before.items()},
                                                 "after": {k: _as_text(v) for k, v in after.items()}})
    return call
