"""The regie's area as the data says it (`manage.py load_region` writes it, the coordinator edits it in the
admin): which postcodes it covers and the names pages, mails and messages show for it, in the reader's language.
No municipality is named in code outside that loader."""
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.text import get_text_list
from django.utils.translation import get_language, gettext, gettext_lazy

from enterprises import catalogue_cache
from enterprises.models import AreaPostcode, Municipality, Postcode
from regie.models import Regie

# (a municipality's name in the active language, its codes inside the area, or None when all of it is inside)
Entry = tuple[str, list[str] | None]

# What a text says where no region has been loaded yet.
NO_AREA = gettext_lazy("the region")


def covered_postcodes(regie: Regie | int | None) -> QuerySet[Postcode]:
    """The area of `regie` (or of the regie with that id): the postcodes its calls without a postcode list of their
    own admit."""
    return Postcode.objects.filter(areas__regie=regie) if regie is not None else Postcode.objects.none()


def _entries(rows: Iterable[Postcode], inside: set[int]) -> list[Entry]:
    """[(municipality, its codes inside, or None when all of it is inside)] by name, from `rows` (every postcode
    of the municipalities concerned, with their municipality)."""
    found: dict[int, tuple[Municipality, set[str], list[str]]] = {}
    for postcode in rows:
        _municipality, codes, partial = found.setdefault(postcode.municipality_id, (postcode.municipality, set(), []))
        if postcode.pk in inside:
            codes.add(postcode.code)
        else:
            partial.append(postcode.code)
    ordered = sorted(found.values(), key=lambda entry: (str(entry[0].name).casefold(), entry[0].pk))
    return [(str(municipality.name), sorted(codes) if partial else None)
            for municipality, codes, partial in ordered if codes]


def _text(entries: list[Entry], *, last_word: str, detail: bool) -> str:
    names = [f"{name} ({', '.join(codes)})" if detail and codes else name for name, codes in entries]
    return get_text_list(names, last_word) if names else str(NO_AREA)


def _rows(**lookup: object) -> QuerySet[Postcode]:
    return Postcode.objects.filter(**lookup).distinct().select_related("municipality").order_by("code", "pk")


def area_names(postcodes: Iterable[Postcode], *, last_word: str | None = None, detail: bool = True) -> str:
    """'A, B, C (3700) or D': the municipalities of `postcodes` (sorted by name) in the
    active language; with `detail`, one only partly among them is followed by the postcodes that are. "the
    region" when there are none. `last_word` joins the last name (default: "or")."""
    inside = {postcode.pk for postcode in postcodes}
    entries = _entries(_rows(municipality__postcodes__pk__in=inside), inside)
    return _text(entries, last_word=last_word or gettext("or"), detail=detail)


def _area_entries(regie: Regie) -> list[Entry]:
    rows = list(_rows(municipality__postcodes__areas__regie=regie).annotate(
        inside=Exists(AreaPostcode.objects.filter(regie=regie, postcode=OuterRef("pk")))))
    return _entries(rows, {postcode.pk for postcode in rows if postcode.inside})


class RegieArea:
    """A regie's area (its postcodes) for a page: `names` for the header's region line, `listing` ("A, B and C")
    for running text, `area` ("A, B (3700) or C") where the postcodes matter. Every page shows it, so it is kept
    in the cache per regie and language under the catalogue's version (a change to a postcode, a municipality or
    the area gives a new one): one query where it was read afresh for each page, ~70 postcodes with their
    municipality."""

    def __init__(self, regie: Regie | None, request: HttpRequest | None = None) -> None:
        self.entries: list[Entry] = []
        if regie is None:  # a platform host: no area
            return
        key = f"area:{regie.pk}:{get_language()}:{catalogue_cache.version(request)}"
        entries = cache.get(key)
        if entries is None:
            entries = _area_entries(regie)
            cache.set(key, entries, catalogue_cache.LIST_TIMEOUT)
        self.entries = entries

    @property
    def names(self) -> list[str]:
        return [name for name, _codes in self.entries]

    @property
    def listing(self) -> str:
        return _text(self.entries, last_word=gettext("and"), detail=False)

    @property
    def area(self) -> str:
        return _text(self.entries, last_word=gettext("or"), detail=True)


def region_line(regie: Regie | None) -> str:
    """'A · B · C': the municipalities of `regie`'s area, as the header shows them."""
    return " · ".join(RegieArea(regie).names)
