"""The regie's area as the data says it (`manage.py load_region` writes it, the coordinator edits it in the
admin): which postcodes it covers and the names pages, mails and messages show for it, in the reader's language.
No municipality is named in code outside that loader."""
from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet
from django.utils.text import get_text_list
from django.utils.translation import gettext, gettext_lazy

from enterprises.models import AreaPostcode, Municipality, Postcode
from regie.models import Regie

# (a municipality, its codes inside the area, or None when all of it is inside)
Entry = tuple[Municipality, list[str] | None]

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
    return [(municipality, sorted(codes) if partial else None) for municipality, codes, partial in ordered if codes]


def _text(entries: list[Entry], *, last_word: str, detail: bool) -> str:
    names = [f"{m.name} ({', '.join(codes)})" if detail and codes else str(m.name) for m, codes in entries]
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


class RegieArea:
    """A regie's area (its postcodes) for a page, read in one query: `names` for the header's region line,
    `listing` ("A, B and C") for running text, `area` ("A, B (3700) or C") where the postcodes matter."""

    def __init__(self, regie: Regie | None) -> None:
        self.entries: list[Entry] = []
        if regie is None:  # a platform host: no area
            return
        rows = list(_rows(municipality__postcodes__areas__regie=regie).annotate(
            inside=Exists(AreaPostcode.objects.filter(regie=regie, postcode=OuterRef("pk")))))
        self.entries = _entries(rows, {postcode.pk for postcode in rows if postcode.inside})

    @property
    def names(self) -> list[str]:
        return [str(municipality.name) for municipality, _codes in self.entries]

    @property
    def listing(self) -> str:
        return _text(self.entries, last_word=gettext("and"), detail=False)

    @property
    def area(self) -> str:
        return _text(self.entries, last_word=gettext("or"), detail=True)


def region_line(regie: Regie | None) -> str:
    """'A · B · C': the municipalities of `regie`'s area, as the header shows them."""
    return " · ".join(RegieArea(regie).names)
