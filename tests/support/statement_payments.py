"""Payout batches of approved redemptions, and the statement entries a bank would book for their payments."""
from __future__ import annotations

import dataclasses
import datetime

from django.utils import timezone

from regie.accounts.languages import profile_of
from tests.factories import FirmMembershipFactory, RegieFactory, SocialEnterpriseFactory, UserFactory
from tests.support.bank_statements import EntryFactory
from tests.test_bank_files import approved
from vouchers import services
from vouchers.bank_files.statements import Entry
from vouchers.models import Payment, PayoutBatch


def firm(name: str, iban: str, number: str, language: str = "nl"):
    """A firm with one user who reads `language`."""
    membership = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(
        name=name, iban=iban, enterprise_number=number))
    profile = profile_of(membership.user)
    profile.language = language
    profile.save()
    return membership


def paid_batch(firms, amounts) -> PayoutBatch:
    """A batch with one payment per firm, each for an approved redemption of `amount`."""
    for membership, amount in zip(firms, amounts, strict=True):
        approved(membership, amount)
    return services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate())


def debit(payment: Payment, booked: datetime.date, **changes) -> Entry:
    """The debit entry the bank books for `payment`: its EndToEndId, communication, amount and IBAN."""
    entry = EntryFactory(end_to_end_id=payment.end_to_end_id, communication=payment.communication.strip("+").replace(
        "/", ""), amount=payment.amount, counterparty_iban=payment.iban, counterparty_name=payment.creditor_name,
        booking_date=booked, value_date=booked)
    return dataclasses.replace(entry, **changes) if changes else entry


def returned(payment: Payment, booked: datetime.date, reason: str = "AC04", **changes) -> Entry:
    return debit(payment, booked, credit=True, return_reason=reason, **changes)
