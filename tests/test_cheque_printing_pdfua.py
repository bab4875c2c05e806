""""Print selected cheques" gives one PDF that identifies itself as PDF/UA-1 exactly as each single cheque
does: pdfuaid:part 1 and a title in its XMP metadata, a language, marked content, the title shown."""
import io

import pikepdf
import pytest
from django.utils import timezone

from tests.factories import UserFactory
from tests.vouchers_factories import ApplicationFactory
from vouchers import services

pytestmark = pytest.mark.django_db


def accessibility_claims(pdf):
    """What a PDF/UA checker (and a screen reader) reads first: the XMP identification and the catalog."""
    document = pikepdf.open(io.BytesIO(pdf))
    metadata, root = document.open_metadata(), document.Root
    return {"pdfuaid:part": metadata.get("pdfuaid:part"), "dc:title": metadata.get("dc:title"),
            "lang": str(root.get("/Lang")), "marked": bool(root.MarkInfo.Marked),
            "display_title": bool(root.ViewerPreferences.DisplayDocTitle), "tagged": "/StructTreeRoot" in root}


def print_selected(admin_client, vouchers):
    response = admin_client.post("/admin/vouchers/voucher/", {
        "action": "print_cheques", "_selected_action": [voucher.pk for voucher in vouchers]})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def test_the_printed_file_of_several_cheques_is_pdf_ua_like_each_cheque(admin_client):
    coordinator = UserFactory(is_staff=True)
    vouchers = [services.issue_voucher(application=ApplicationFactory(language=language), by=coordinator)
                for language in ("nl", "fr", "en")]
    single = accessibility_claims(print_selected(admin_client, vouchers[:1]))
    assert single["pdfuaid:part"] == "1"  # what every cheque says of itself
    merged = accessibility_claims(print_selected(admin_client, vouchers))
    assert merged == {"pdfuaid:part": "1", "lang": "nl", "marked": True, "display_title": True, "tagged": True,
                      "dc:title": f"Kennismakingscheque: cheques om af te drukken (3), {timezone.localdate():%d/%m/%Y}"}
