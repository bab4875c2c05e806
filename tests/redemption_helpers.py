import datetime
import io
import uuid
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from tests.factories import FirmMembershipFactory, UserFactory
from tests.vouchers_factories import ApplicationFactory
from vouchers import services


def invoice_pdf(name="factuur.pdf"):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def issued_voucher(**application):
    coordinator = UserFactory(is_staff=True)
    return services.issue_voucher(application=ApplicationFactory(**application), by=coordinator)


def invoice_data(amount="125.50", invoice_amount="400.00", service_date=None, invoice_date=None,
                 invoice_number="F2026-0042"):
    today = timezone.localdate()
    return {"amount": Decimal(amount), "description": "Groenonderhoud van de bedrijfstuin",
            "service_date": service_date or today, "invoice_number": invoice_number,
            "invoice_date": invoice_date or today, "invoice_amount": Decimal(invoice_amount)}


def redeem(voucher, membership=None, **data):
    """A redemption through the service; each with an invoice number of its own unless one is given (an invoice
    proves one redemption of a firm)."""
    membership = membership or FirmMembershipFactory(enterprise__listed_by=[voucher.call.regie])  # listed: may redeem
    data.setdefault("invoice_number", f"F2026-{uuid.uuid4().hex[:8].upper()}")
    return services.submit_redemption(
        code=voucher.code, customer_enterprise_number=voucher.application.enterprise_number,
        enterprise=membership.enterprise, by=membership.user, submission_key=uuid.uuid4(), regie=voucher.call.regie,
        data=invoice_data(**data), invoice=invoice_pdf())


def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)
