"""Reads that the pages share."""
from django.utils import timezone

from vouchers.models import Call


def open_call():
    return Call.objects.open_on(timezone.localdate()).order_by("closes_on").first()
