"""The programme's region: the five municipalities with their postcodes and places, French names
included (Voeren has language facilities for French speakers). Real data, loaded in production by
`manage.py load_region`; the coordinator adds more (e.g. Borgloon 3840) in the admin."""
from enterprises.models import Municipality, Postcode

# slug: ((name nl, fr, en), [(postcode, place nl, place fr or "")])
REGION = {
    "tongeren": (("Tongeren", "Tongres", "Tongeren"), [
        ("3700", "Tongeren", "Tongres"), ("3700", "Berg", ""), ("3700", "Diets-Heur", ""),
        ("3700", "Haren", ""), ("3700", "Henis", ""), ("3700", "'s Herenelderen", ""),
        ("3700", "Kolmont", ""), ("3700", "Koninksem", ""), ("3700", "Lauw", "Lowaige"),
        ("3700", "Mal", ""), ("3700", "Neerrepen", ""), ("3700", "Nerem", ""),
        ("3700", "Overrepen", ""), ("3700", "Piringen", ""), ("3700", "Riksingen", ""),
        ("3700", "Rutten", "Russon"), ("3700", "Sluizen", ""), ("3700", "Vreren", ""),
        ("3700", "Widooie", ""),
    ]),
    "bilzen": (("Bilzen", "Bilzen", "Bilzen"), [
        ("3740", "Bilzen", ""), ("3740", "Beverst", ""), ("3740", "Eigenbilzen", ""),
        ("3740", "Grote-Spouwen", ""), ("3740", "Hees", ""), ("3740", "Kleine-Spouwen", ""),
        ("3740", "Mopertingen", ""), ("3740", "Munsterbilzen", ""), ("3740", "Rijkhoven", ""),
        ("3740", "Rosmeer", ""), ("3740", "Spouwen", ""), ("3740", "Waltwilder", ""),
        ("3742", "Martenslinde", ""), ("3746", "Hoelbeek", ""),
    ]),
    "hoeselt": (("Hoeselt", "Hoeselt", "Hoeselt"), [
        ("3730", "Hoeselt", ""), ("3730", "Romershoven", ""), ("3730", "Sint-Huibrechts-Hern", ""),
        ("3730", "Werm", ""), ("3732", "Schalkhoven", ""),
    ]),
    "riemst": (("Riemst", "Riemst", "Riemst"), [
        ("3770", "Riemst", ""), ("3770", "Genoelselderen", "Elderen"), ("3770", "Herderen", ""),
        ("3770", "Kanne", "Canne"), ("3770", "Membruggen", ""), ("3770", "Millen", ""),
        ("3770", "Val-Meer", ""), ("3770", "Vlijtingen", ""), ("3770", "Vroenhoven", ""),
        ("3770", "Zichen-Zussen-Bolder", "Sichen-Sussen-et-Bolré"),
    ]),
    "voeren": (("Voeren", "Fourons", "Voeren"), [
        ("3790", "Moelingen", "Mouland"), ("3790", "Sint-Martens-Voeren", "Fouron-Saint-Martin"),
        ("3791", "Remersdaal", "Rémersdael"), ("3792", "Sint-Pieters-Voeren", "Fouron-Saint-Pierre"),
        ("3793", "Teuven", "Teuven"), ("3798", "'s-Gravenvoeren", "Fouron-le-Comte"),
    ]),
}


def load_region():
    """Create or update the region's municipalities and postcodes; returns (municipalities, postcodes)."""
    postcodes = 0
    for slug, ((nl, fr, en), places) in REGION.items():
        municipality, _ = Municipality.objects.update_or_create(
            slug=slug, defaults={"name_nl": nl, "name_fr": fr, "name_en": en}
        )
        for code, place_nl, place_fr in places:
            Postcode.objects.update_or_create(
                code=code, place=place_nl,
                defaults={"municipality": municipality, "place_nl": place_nl, "place_fr": place_fr or place_nl},
            )
            postcodes += 1
    return len(REGION), postcodes
