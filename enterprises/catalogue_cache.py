"""The catalogue's rendered result lists, kept in the cache, and the tags of its conditional GETs.

One version stands for everything the catalogue and the firm pages show: the firms, their listings, categories,
postcodes and municipalities, logos, and the regies' texts and areas (every page's area line is kept under it
too: enterprises/region.py). Any save or delete of one of those rows (signals,
`connect()`), and a bulk write that sends no signal (`bump()` called where it happens: the region's loader), give a
new version; the lists cached under the old one are not read again. The version changes in the
writing transaction (the cache is a database table, so it commits with the change) and once more after the commit
(for a cache outside the database), so a coordinator's edit shows at the next request.

A list is cached per regie, language, filter set and page. Free-text searches are not cached (too many to be worth
it, and they would crowd out the rest); nor is an address with parameters the catalogue does not know."""
import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from enterprises import selectors
from regie.models import Regie
from regie.web import release

VERSION_KEY = "catalogue:version"
LIST_TIMEOUT = 24 * 3600  # seconds; a list unused for a day goes
FILTERS = ("gemeente", "categorie", "soort", "particulier", "pagina")


def version(request=None) -> str:
    """The current version; read once per request (`request`), as its tag, filters and list must agree."""
    if request is not None and hasattr(request, "catalogue_version"):
        return request.catalogue_version
    current = cache.get(VERSION_KEY)
    if current is None:  # never set, or culled from the cache: a new one, as after a change
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        current = cache.get(VERSION_KEY)
    if request is not None:
        request.catalogue_version = current
    return current


def bump(**_signal_arguments) -> None:
    """A new version now, and once more when the writing transaction commits."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))


def connect() -> None:
    from enterprises.models import (  # noqa: PLC0415 late: AppConfig.ready
        AreaPostcode,
        FirmListing,
        Municipality,
        Postcode,
        ServiceCategory,
        SocialEnterprise,
    )

    for model in (SocialEnterprise, FirmListing, ServiceCategory, Postcode, Municipality, AreaPostcode, Regie):
        post_save.connect(bump, sender=model, dispatch_uid=f"catalogue-{model.__name__}-saved")
        post_delete.connect(bump, sender=model, dispatch_uid=f"catalogue-{model.__name__}-deleted")
    m2m_changed.connect(bump, sender=SocialEnterprise.categories.through, dispatch_uid="catalogue-categories")


def filter_choices(request):
    """selectors.filter_choices of the request's regie, kept until the next change: the municipalities and
    categories the filters offer."""
    regie = request.regie
    key = f"catalogue:{regie.pk if regie else 0}:{version(request)}:choices"
    choices = cache.get(key)
    if choices is None:
        choices = selectors.filter_choices(regie)
        cache.set(key, choices, LIST_TIMEOUT)
    return choices


def list_key(request, filters: dict) -> str | None:
    """The cache key of the result list `request` asks for, or None when it is not kept: a text search, an unknown
    parameter, or a filter value the form did not accept (`filters`: what it kept)."""
    query = request.GET
    if filters["text"] or query.get("q", "").strip() or set(query) - {"q", *FILTERS}:
        return None
    if any(len(query.getlist(name)) > 1 for name in query):
        return None
    accepted = {"gemeente": filters["municipality"] and filters["municipality"].slug,
                "categorie": filters["category"] and filters["category"].slug, "soort": filters["kind"]}
    if any((query.get(name) or "") != (value or "") for name, value in accepted.items()):
        return None
    page = query.get("pagina", "")
    if (page and not (page.isdigit() and len(page) <= 4)) or query.get("particulier", "1") != "1":
        return None
    asked = "&".join(f"{name}={query[name]}" for name in FILTERS if name in query)  # as the page links carry them
    asked_hash = hashlib.sha256(asked.encode()).hexdigest()[:24]  # a key of fixed length, whatever the slugs
    return f"catalogue:{request.regie.pk}:{version(request)}:{get_language()}:{asked_hash}"


def page_tag(request, *_view_args, **_view_kwargs) -> str | None:
    """The ETag of a catalogue or firm page: what it shows (the version), the code that renders it, the regie, the
    language and the address. None (no conditional GET) for a logged-in user or a visitor with a message waiting:
    their pages say more than the catalogue does."""
    if request.user.is_authenticated or "messages" in request.COOKIES:
        return None
    if request.session.session_key and request.session.get("_messages"):
        return None
    regie = request.regie.pk if request.regie else 0
    seen = f"{version(request)}|{release.token()}|{regie}|{get_language()}|{request.get_full_path()}"
    return hashlib.sha256(seen.encode()).hexdigest()[:32]
