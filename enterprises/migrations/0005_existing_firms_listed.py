"""The firms of an install from before listings are listed by its regie: on an install of one regie, every firm by
it; with several, each firm by the regies whose cheques it redeemed, and a firm that redeemed none by the first
regie (the platform administrator lists it for others)."""
from django.db import migrations


def list_existing_firms(apps, schema_editor):
    Regie, SocialEnterprise, FirmListing, Redemption = (apps.get_model(*name.split(".")) for name in (
        "regie.Regie", "enterprises.SocialEnterprise", "enterprises.FirmListing", "vouchers.Redemption"))
    first = Regie.objects.order_by("pk").first()
    if first is None:
        return  # a new install: no firms yet
    redeemed_at = set(Redemption.objects.values_list("enterprise_id", "voucher__call__regie_id").distinct())
    listed = {firm for firm, _regie in redeemed_at}
    FirmListing.objects.bulk_create(
        [FirmListing(enterprise_id=firm, regie_id=regie) for firm, regie in sorted(redeemed_at)]
        + [FirmListing(enterprise_id=firm, regie=first)
           for firm in SocialEnterprise.objects.exclude(pk__in=listed).order_by("pk").values_list("pk", flat=True)],
        ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("enterprises", "0004_firms_listed_by_regies"),
        ("vouchers", "0032_staff_of_regie_1"),
    ]

    operations = [
        migrations.RunPython(list_existing_firms, migrations.RunPython.noop, elidable=False),
    ]
