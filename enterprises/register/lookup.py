"""What the application form asks the enterprise register: is one loaded, and what does it say about an
enterprise number (active or not, juridical form, NACE codes, and its seat and establishments in the area with
their names and addresses in Dutch, French and German)."""
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from enterprises.register.importer import area_postcodes
from enterprises.register.models import Activity, Address, Denomination, Enterprise, Establishment, Extract

# The juridical situations of an enterprise that may apply (code.csv, JuridicalSituation): normal situation,
# legal creation, extension. Every other one (bankruptcy, dissolution, liquidation, closing...) is not active.
ACTIVE_SITUATIONS = frozenset({"000", "001", "002"})
LANGUAGES = {"1": "fr", "2": "nl", "3": "de", "4": "en"}  # denomination.csv Language; "0" unknown
NAME, COMMERCIAL_NAME = "001", "003"
SEAT, ESTABLISHMENT = "REGO", "BAET"


@dataclass(frozen=True)
class Site:
    """The seat or an establishment: where the enterprise is, as the register says."""

    number: str  # the enterprise number for the seat, else the establishment number
    is_seat: bool
    names: dict[str, str]  # language ("nl", "fr", "de", "en", "" unknown) -> name
    street: dict[str, str]  # "nl"/"fr" -> street name
    house_number: str
    box: str
    postcode: str
    municipality: dict[str, str]  # "nl"/"fr" -> municipality
    in_area: bool


@dataclass(frozen=True)
class RegisteredEnterprise:
    number: str
    active: bool
    status: str
    juridical_situation: str
    natural_person: bool
    juridical_form: str  # the form to read (JuridicalFormCAC when the KBO gives one); "" for natural persons
    start_date: datetime.date | None
    names: dict[str, str]
    seat: Site | None  # None for a natural person (the register gives no seat address) or a seat abroad
    sites: list[Site] = field(default_factory=list)  # the seat and establishments in the area
    nace_codes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # version -> [(code, MAIN/SECO/ANCI)]
    extract: Extract | None = None


def register_loaded() -> Extract | None:
    """The latest extract loaded, or None when the register was never loaded (then nothing is checked)."""
    return Extract.objects.order_by("-number").first()


def find_enterprise(number: str) -> RegisteredEnterprise | None:
    """What the register says about the enterprise `number` (10 digits), or None when it is not in it."""
    enterprise = Enterprise.objects.filter(number=number).first()
    if enterprise is None:
        return None
    establishments = list(Establishment.objects.filter(enterprise_number=number).values_list("number", flat=True))
    entities = [number, *establishments]
    names, addresses = _names(entities), _addresses(entities)
    postcodes = area_postcodes()
    seat = _site(number, True, names, addresses.get(number), postcodes)
    sites = [site for site in [seat, *(_site(e, False, names, addresses.get(e), postcodes) for e in establishments)]
             if site is not None and site.in_area]
    return RegisteredEnterprise(
        number=number, active=enterprise.status == "AC" and enterprise.juridical_situation in ACTIVE_SITUATIONS,
        status=enterprise.status, juridical_situation=enterprise.juridical_situation,
        natural_person=enterprise.type_of_enterprise == "1",
        juridical_form=enterprise.juridical_form_cac or enterprise.juridical_form, start_date=enterprise.start_date,
        names=names.get(number, {}), seat=seat, sites=sites, nace_codes=_nace_codes(number), extract=register_loaded())


def _names(entities: Iterable[str]) -> dict[str, dict[str, str]]:
    """entity -> {language: name}: the name (001), or the commercial name (003) where there is none."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for entity, language, kind, name in (Denomination.objects.filter(entity_number__in=entities)
                                         .order_by("-type_of_denomination", "id")
                                         .values_list("entity_number", "language", "type_of_denomination", "name")):
        if kind in (NAME, COMMERCIAL_NAME):
            found[entity][LANGUAGES.get(language, "")] = name  # 001 comes last: it wins
    return found


def _addresses(entities):
    found = {}
    for address in Address.objects.filter(entity_number__in=entities, type_of_address__in=(SEAT, ESTABLISHMENT),
                                          struck_off__isnull=True).order_by("id"):
        found.setdefault(address.entity_number, address)
    return found


def _site(entity, is_seat, names, address, postcodes):
    if address is None:
        return None
    return Site(number=entity, is_seat=is_seat, names=names.get(entity, {}),
                street={"nl": address.street_nl, "fr": address.street_fr}, house_number=address.house_number,
                box=address.box, postcode=address.zipcode,
                municipality={"nl": address.municipality_nl, "fr": address.municipality_fr},
                in_area=address.zipcode in postcodes and not address.country_nl)


def _nace_codes(number: str) -> dict[str, list[tuple[str, str]]]:
    codes: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for version, code, classification in (Activity.objects.filter(entity_number=number)
                                          .order_by("nace_version", "classification", "nace_code")
                                          .values_list("nace_version", "nace_code", "classification").distinct()):
        codes[version].append((code, classification))
    return dict(codes)
