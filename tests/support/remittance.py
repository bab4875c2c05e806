"""Firms with approved redemptions, ready to be paid, for the payment advice's tests."""
import itertools
import uuid
from decimal import Decimal

from django.utils import timezone

from regie.accounts.languages import choose_language
from tests.factories import FirmMembershipFactory, RegieFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import invoice_data, invoice_pdf, issued_voucher
from vouchers import services
from vouchers.models import Redemption

_invoices = itertools.count(1)


def firm_with_users(name, iban, *languages):
    """A firm and one user per language given, each reading their mail in it."""
    enterprise = SocialEnterpriseFactory(name=name, iban=iban)
    memberships = [FirmMembershipFactory(enterprise=enterprise) for _ in languages]
    for membership, language in zip(memberships, languages, strict=True):
        choose_language(user=membership.user, language=language, by=membership.user)
    return memberships


def approved(membership, amount, customer) -> Redemption:
    """A new cheque of `customer`, redeemed at the firm for `amount` with an invoice number of its own, approved."""
    voucher = issued_voucher(company_name=customer)
    data = {**invoice_data(amount=amount), "invoice_number": f"F2026-{next(_invoices):04d}"}
    redemption = services.submit_redemption(
        code=voucher.code, customer_enterprise_number=voucher.application.enterprise_number,
        enterprise=membership.enterprise, by=membership.user, submission_key=uuid.uuid4(), data=data,
        regie=voucher.call.regie, invoice=invoice_pdf())
    services.confirm_redemption(redemption=redemption)
    return services.approve_redemption(redemption=redemption, by=UserFactory(is_staff=True))


def paid_batch(*, one_payment_per_firm=True):
    """A batch of every approved redemption, made and marked paid today (mails run: the caller captures them)."""
    batch = services.create_payout_batch(by=UserFactory(), regie=RegieFactory(), execution_date=timezone.localdate(),
                                         one_payment_per_firm=one_payment_per_firm)
    return services.mark_batch_paid(batch=batch, by=UserFactory(), paid_on=timezone.localdate())


def total(redemptions) -> Decimal:
    return sum((r.amount for r in redemptions), Decimal("0"))
