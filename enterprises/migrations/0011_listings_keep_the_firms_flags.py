"""Each listing of a firm starts as the firm was: published and accepting cheques in every regie that lists it, as
before. Back: a firm is published where any regie published it, and accepts cheques where any regie let it.
(Rows only: the tables change in 0010 and 0012, apart, as PostgreSQL wants.)"""
from django.db import migrations
from django.db.models import Exists, OuterRef


def to_listings(apps, schema_editor):
    Listing = apps.get_model("enterprises", "FirmListing")
    for flag in ("is_published", "accepts_cheques"):
        for value in (True, False):
            Listing.objects.filter(**{f"enterprise__{flag}": value}).update(**{flag: value})


def to_firms(apps, schema_editor):
    Firm, Listing = apps.get_model("enterprises", "SocialEnterprise"), apps.get_model("enterprises", "FirmListing")
    for flag in ("is_published", "accepts_cheques"):
        anywhere = Exists(Listing.objects.filter(enterprise=OuterRef("pk"), **{flag: True}))
        Firm.objects.update(**{flag: anywhere})


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0010_listing_decides")]

    operations = [migrations.RunPython(to_listings, to_firms)]
