"""Every cheque issued before grants were recorded gets its de-minimis grant, so the register a regie exports
is complete: granted on its issue date (Brussels), by the regie as configured, corrected to 0 when the cheque was
cancelled and to the amount used when it expired. Reversing it deletes nothing (the grants stay true)."""
from django.conf import settings
from django.db import migrations
from django.utils import timezone



def record_grants(apps, schema_editor):
    Voucher = apps.get_model("vouchers", "Voucher")
    DeMinimisGrant = apps.get_model("vouchers", "DeMinimisGrant")
    # As vouchers/models/grants.py has them at the time of this migration (written out: a migration keeps working
    # when the app's code changes).
    # the settings of the one regie there was then (read once; an install made later has no grant to fill in)
    authority_name = (getattr(settings, "PAYOUT_DEBTOR", None) or {}).get("name", "")
    authority_number = getattr(settings, "PAYOUT_INITIATOR_ENTERPRISE_NUMBER", "")
    grants = []
    for voucher in Voucher.objects.filter(deminimis_grant__isnull=True).select_related("application", "call"):
        grant = DeMinimisGrant(
            voucher=voucher, beneficiary_number=voucher.application.enterprise_number,
            beneficiary_name=voucher.application.company_name, amount=voucher.face_value,
            granted_on=timezone.localdate(voucher.issued_at), authority_name=authority_name,
            authority_number=authority_number, regulation="2023/2831",
            measure=" – ".join(part for part in (voucher.call.name, voucher.call.funding_reference) if part))
        grant.anonymised_at = voucher.application.anonymised_at  # its business already forgotten: so is the grant's
        if voucher.status == "cancelled":
            grant.corrected_amount, grant.correction = 0, "cancelled"
            grant.corrected_on = timezone.localdate(voucher.cancelled_at or timezone.now())
        elif voucher.status == "expired" and voucher.balance:
            grant.corrected_amount, grant.correction = voucher.face_value - voucher.balance, "expired"
            grant.corrected_on = voucher.valid_until
        grants.append(grant)
    DeMinimisGrant.objects.bulk_create(grants, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("vouchers", "0014_application_voiding"), migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [migrations.RunPython(record_grants, migrations.RunPython.noop)]
