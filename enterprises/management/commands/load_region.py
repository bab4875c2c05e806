"""`manage.py load_region`: the municipalities of the regie's region as they exist since 1 January 2025 (the
mergers Tongeren + Borgloon and Bilzen + Hoeselt), with their deelgemeenten (former municipalities, the places
of the postcodes) and which postcodes the regie covers. This module is the region's only source in code: pages,
mails and messages read the rows it writes.

Safe to run again: rows are found by slug and by (postcode, place) and updated, never duplicated, so firms, calls
and shares keep pointing at them. The pre-2025 rows of an older install become the merged municipality (renamed)
or, where something still refers to them, stay as its former municipality (`merged_into`).

The postcodes marked as covered below become the area of the regie given with --regie while that regie has no area
yet; after that the area is its coordinator's (admin, "Postcodes of the area"), never reset here. Without --regie
no area changes (deploy/install.sh runs it after every update). Creates no firms and no users."""
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import ProtectedError

from enterprises import catalogue_cache
from enterprises.models import Municipality, Postcode
from enterprises.services import add_to_area
from regie.models import Regie

# slug: ((name nl, fr, en), [(postcode, place nl, place fr or "", covered by the regie)])
REGION = {
    "tongeren-borgloon": (("Tongeren-Borgloon", "Tongeren-Borgloon", "Tongeren-Borgloon"), [
        ("3700", "Tongeren", "Tongres", True), ("3700", "Lauw", "Lowaige", True), ("3700", "Rutten", "Russon", True),
        *(("3700", place, "", True) for place in (
            "Berg", "Diets-Heur", "Haren", "Henis", "'s Herenelderen", "Kolmont", "Koninksem", "Mal", "Neerrepen",
            "Nerem", "Overrepen", "Piringen", "Riksingen", "Sluizen", "Vreren", "Widooie")),
        ("3840", "Borgloon", "Looz", False),
        *(("3840", place, "", False) for place in (
            "Bommershoven", "Broekom", "Gors-Opleeuw", "Gotem", "Groot-Loon", "Hendrieken", "Hoepertingen",
            "Jesseren", "Kerniel", "Kuttekoven", "Rijkel", "Voort")),
    ]),
    "bilzen-hoeselt": (("Bilzen-Hoeselt", "Bilzen-Hoeselt", "Bilzen-Hoeselt"), [
        *(("3740", place, "", True) for place in (
            "Bilzen", "Beverst", "Eigenbilzen", "Grote-Spouwen", "Hees", "Kleine-Spouwen", "Mopertingen",
            "Munsterbilzen", "Rijkhoven", "Rosmeer", "Spouwen", "Waltwilder")),
        ("3742", "Martenslinde", "", True), ("3746", "Hoelbeek", "", True),
        *(("3730", place, "", True) for place in ("Hoeselt", "Romershoven", "Sint-Huibrechts-Hern", "Werm")),
        ("3732", "Schalkhoven", "", True),
    ]),
    "riemst": (("Riemst", "Riemst", "Riemst"), [
        ("3770", "Riemst", "", True), ("3770", "Genoelselderen", "Elderen", True), ("3770", "Herderen", "", True),
        ("3770", "Kanne", "Canne", True), ("3770", "Membruggen", "", True), ("3770", "Millen", "", True),
        ("3770", "Val-Meer", "", True), ("3770", "Vlijtingen", "", True), ("3770", "Vroenhoven", "", True),
        ("3770", "Zichen-Zussen-Bolder", "Sichen-Sussen-et-Bolré", True),
    ]),
    "voeren": (("Voeren", "Fourons", "Voeren"), [
        ("3790", "Moelingen", "Mouland", True), ("3790", "Sint-Martens-Voeren", "Fouron-Saint-Martin", True),
        ("3791", "Remersdaal", "Rémersdael", True), ("3792", "Sint-Pieters-Voeren", "Fouron-Saint-Pierre", True),
        ("3793", "Teuven", "Teuven", True), ("3798", "'s-Gravenvoeren", "Fouron-le-Comte", True),
    ]),
}

# The municipalities before 1 January 2025 (slugs of older installs) -> the one they are part of since.
FORMER = {"tongeren": "tongeren-borgloon", "borgloon": "tongeren-borgloon",
          "bilzen": "bilzen-hoeselt", "hoeselt": "bilzen-hoeselt"}


def region_municipality(slug, names):
    """The row for `slug`: itself, else the renamed row of its first former municipality (in FORMER's order),
    else a new one."""
    nl, fr, en = names
    current = Municipality.objects.filter(slug=slug).first()
    former = {row.slug: row for row in Municipality.objects.filter(slug__in=FORMER, merged_into=None)}
    if current is None:
        current = next((former[old] for old, new in FORMER.items() if new == slug and old in former), None)
    if current is None:
        current = Municipality(slug=slug)
    current.slug, current.name_nl, current.name_fr, current.name_en, current.merged_into = slug, nl, fr, en, None
    current.save()
    return current


def region_postcodes(municipality, places):
    """The municipality's postcodes; returns those the regie covers."""
    covering = []
    for code, place_nl, place_fr, covered in places:
        fields = {"municipality": municipality, "place_nl": place_nl, "place_fr": place_fr or place_nl}
        postcode, _created = Postcode.objects.update_or_create(code=code, place_nl=place_nl, defaults=fields)
        if covered:
            covering.append(postcode)
    return covering


def _retire_former(municipalities):
    """Former municipalities hand their remaining postcodes over; deleted where nothing refers to them."""
    for former in Municipality.objects.filter(slug__in=FORMER).exclude(pk__in=[m.pk for m in municipalities]):
        merged_into = next(m for m in municipalities if m.slug == FORMER[former.slug])
        Postcode.objects.filter(municipality=former).update(municipality=merged_into)
        catalogue_cache.bump()  # an update() sends no signal; the catalogue shows the firms' municipalities
        try:
            with transaction.atomic():
                former.delete()
        except ProtectedError:  # applications or shares of before the merger keep their municipality
            former.merged_into = merged_into
            former.save(update_fields=["merged_into"])


def load_region(regie=None):
    """Create or update the region's municipalities and postcodes, and give `regie` the covered ones as its area
    while it has none; returns (municipalities, postcodes, the regie whose area was set or None)."""
    municipalities, covering = [], []
    for slug, (names, places) in REGION.items():
        municipalities.append(region_municipality(slug, names))
        covering += region_postcodes(municipalities[-1], places)
    _retire_former(municipalities)
    if regie is None or regie.area.exists():
        return len(municipalities), sum(len(places) for _, places in REGION.values()), None
    for postcode in covering:
        add_to_area(regie=regie, postcode=postcode, by=None)
    return len(municipalities), sum(len(places) for _, places in REGION.values()), regie


class Command(BaseCommand):
    help = ("Load the region's municipalities (as of 2025) and postcodes, and the area of a regie that has none "
            "(idempotent; no firms, no users).")

    def add_arguments(self, parser):
        parser.add_argument("--regie", help="the short name of the regie whose area these postcodes become, while it "
                                            "has none")

    def handle(self, *args, regie=None, **options):
        chosen = Regie.objects.filter(short_name=regie).first() if regie else None
        if regie and chosen is None:
            raise CommandError(f"No regie {regie!r}; the regies are: "
                               f"{', '.join(Regie.objects.values_list('short_name', flat=True)) or 'none yet'}.")
        with transaction.atomic():
            municipalities, postcodes, area_of = load_region(chosen)
        self.stdout.write(f"Region ready: {municipalities} municipalities, {postcodes} postcodes and places.")
        if area_of is not None:
            self.stdout.write(f"The area of {area_of.short_name}: {area_of.area.count()} postcodes and places.")
