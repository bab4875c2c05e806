"""The firms of an install from before listings are listed by every regie it has, as every regie's catalogue showed
every firm and any firm redeemed any regie's cheques until now (an install of one regie: each firm by that regie).
The platform administrator removes the listings a regie does not want."""
from django.db import migrations


def list_existing_firms(apps, schema_editor):
    Regie, SocialEnterprise, FirmListing = (apps.get_model(*name.split(".")) for name in (
        "regie.Regie", "enterprises.SocialEnterprise", "enterprises.FirmListing"))
    regies = list(Regie.objects.order_by("pk").values_list("pk", flat=True))
    firms = list(SocialEnterprise.objects.order_by("pk").values_list("pk", flat=True))
    FirmListing.objects.bulk_create([FirmListing(enterprise_id=firm, regie_id=regie)
                                     for firm in firms for regie in regies])


class Migration(migrations.Migration):

    dependencies = [
        ("enterprises", "0004_firms_listed_by_regies"),
        ("vouchers", "0032_staff_of_regie_1"),
    ]

    operations = [
        migrations.RunPython(list_existing_firms, migrations.RunPython.noop, elidable=False),
    ]
