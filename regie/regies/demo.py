"""The demo regie of `manage.py seed_demo`: the programme's own regie, Zuidoost-Limburg, with fictitious bank and
contact details, served in development at zuidoost.localhost:8000 (browsers send *.localhost to this machine)."""
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
