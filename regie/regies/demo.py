"""The demo regie of `manage.py seed_demo`: the programme's own regie, Zuidoost-Limburg, with fictitious bank and
contact details, served in development at zuidoost.localhost:8000 (browsers send *.localhost to this machine)."""
import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from regie.models import Regie, RegieHost

DEMO_REGIE = "zuidoost"
NAME = "Regie sociale economie Zuidoost-Limburg"
VALUES = {
    "name_nl": NAME, "name_fr": NAME, "name_en": NAME,
    "region_name_nl": "Zuidoost-Limburg",
    "programme_name_nl": "Kennismakingscheque", "programme_name_fr": "Chèque découverte",
    "programme_name_en": "Introduction cheque",
    "legal_name": NAME, "enterprise_number": "0899000057", "iban": "BE71096123456769", "bic": "GKCCBEBB",
    "postal_address": "Stadhuisplein 1, 3700 Tongeren (demo)",
    "contact_email": "socialeeconomie@regie-zuidoost-limburg.example", "contact_phone": "+32 12 00 00 00",
    "sender_email": "noreply@regie-zuidoost-limburg.example",
}


def seed() -> Regie:
    """The demo regie and its development host; run again, it changes nothing a coordinator set."""
    regie, _created = Regie.objects.get_or_create(short_name=DEMO_REGIE, defaults=VALUES)
    if not regie.hosts.exists():
        RegieHost.objects.create(regie=regie, name=f"{DEMO_REGIE}.localhost", is_primary=True)
    return regie


SECOND_REGIE = "maasland"
SECOND_NAME = "Regie sociale economie Maasland (demo)"
SECOND_VALUES = {
    "name_nl": SECOND_NAME, "name_fr": "Régie d'économie sociale Maasland (démo)",
    "name_en": "Maasland social economy regie (demo)",
    "region_name_nl": "Maasland", "region_name_fr": "Pays mosan", "region_name_en": "Maasland",
    "programme_name_nl": "Proefcheque", "programme_name_fr": "Chèque d'essai", "programme_name_en": "Trial cheque",
    "introduction_nl": ("Een verzonnen tweede regie, om te tonen dat één portaal meerdere regies bedient: elk met "
                        "een eigen gebied, eigen ondernemingen, eigen oproepen en eigen kleuren."),
    "introduction_fr": ("Une deuxième régie inventée, pour montrer qu'un portail sert plusieurs régies : chacune avec "
                        "sa zone, ses entreprises, ses appels et ses couleurs."),
    "introduction_en": ("A made-up second regie, to show that one portal serves several regies: each with its own "
                        "area, firms, calls and colours."),
    "legal_name": "Regie sociale economie Maasland", "enterprise_number": "0403170701", "iban": "BE48001123456727",
    "bic": "GEBABEBB", "postal_address": "Marktplein 1, 3630 Maasmechelen (demo)",
    "contact_email": "info@regie-maasland.example", "contact_phone": "+32 89 00 00 00",
    "sender_email": "noreply@regie-maasland.example", "primary_colour": "#1d4f91", "accent_colour": "#123563",
    "is_demo": True,
}


def seed_second() -> Regie:
    """The second demo regie, fictional and marked as demo, at maasland.localhost in development."""
    regie, created = Regie.objects.get_or_create(short_name=SECOND_REGIE, defaults=SECOND_VALUES)
    if not regie.hosts.exists():
        RegieHost.objects.create(regie=regie, name=f"{SECOND_REGIE}.localhost", is_primary=True)
    if created:  # a logo, so that pages, cheques and mails show one
        regie.logo.save(f"{SECOND_REGIE}-demo.png", ContentFile(demo_logo(regie.primary_colour)))
    return regie


def demo_logo(colour: str) -> bytes:
    """A made-up logo: a river (the Maas) in a disc of `colour`, beside three bars of it."""
    image = Image.new("RGBA", (300, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, 114, 114), fill=colour)
    draw.line([(22, 72), (44, 52), (66, 72), (88, 52), (104, 66)], fill="white", width=10, joint="curve")
    for row, length in enumerate((170, 140, 110)):
        draw.rounded_rectangle((130, 26 + row * 26, 130 + length, 40 + row * 26), radius=7, fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
