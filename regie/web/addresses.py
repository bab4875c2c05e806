"""Addresses in each language. A page's address is in its language (pgettext_lazy("URL path", ...)); the Dutch
one is the msgid, and the same words in every language name the same page (`dutch_path`).

Old addresses keep working. Until the paths were translated, French and English pages had Dutch
addresses (/fr/aanvraag/<token>/, /fr/partner/aanmelden/): they are in mails already sent, bookmarks and
search engines. Such an address moves, permanently, to the same page's address in its language
(/fr/demande/<token>/, /fr/partenaire/connexion/), its query string kept. A form posted to an old address
is sent on with 308, so that what was typed is not lost. The cheque's address is the same in every
language and needs none of this."""
from django.conf import settings
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

OLD_LANGUAGE = settings.LANGUAGE_CODE  # the language every address was in before


class PermanentRedirect308(HttpResponsePermanentRedirect):
    status_code = 308  # like 301, but the browser repeats the POST (and its data) at the new address


def translated_address(path):
    """The address of the page `path` names in Dutch words under another language's prefix
    ("/fr/opvolging/x/" -> "/fr/suivi/x/"), or None when `path` is no such address."""
    language = translation.get_language_from_path(path)
    prefix, _slash, rest = path.lstrip("/").partition("/")
    if not language or language == OLD_LANGUAGE or prefix != language:
        return None
    rest = f"/{rest}"
    with translation.override(language):
        if _resolves(path):
            return None  # a page of its own (e.g. the cheque's): its 404 is a real one
    with translation.override(OLD_LANGUAGE):
        # Also with the slash that is missing at the end, as CommonMiddleware would add it.
        match = _resolves(f"/{OLD_LANGUAGE}{rest}") or (not rest.endswith("/") and _resolves(f"/{OLD_LANGUAGE}{rest}/"))
    if not match or not match.view_name:
        return None
    with translation.override(language):
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return None


def dutch_path(request):
    """The Dutch address of the page asked for ("/fr/suivi/x/" -> "/nl/opvolging/x/"): one set of words,
    whatever the page's language, for rules about addresses. The path itself when it names no page."""
    if not translation.get_language_from_path(request.path_info):
        return request.path_info  # the admin, /health/: one language of addresses
    match = getattr(request, "resolver_match", None) or _resolves(request.path_info)
    if not match or not match.view_name:
        return request.path_info
    with translation.override(OLD_LANGUAGE):
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return request.path_info


def _resolves(path):
    try:
        return resolve(path)
    except Resolver404:
        return None


class OldAddressMiddleware:
    """Where a French or English address is not found: is it the Dutch address of a page? Then go there.
    Sits after LocaleMiddleware; costs nothing on pages that are found."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        path, query = request.path_info, request.META.get("QUERY_STRING", "")
        if "%" in path:  # bytes that are no UTF-8 stay escaped in path_info: reverse() would escape them again
            return response
        prefixed = translation.get_language_from_path(path)
        # Without a language (/aanvragen/): LocaleMiddleware adds the browser's, which finds no page when it is
        # French or English; that language's own address, then (for this browser only, so not permanent).
        target = translated_address(path if prefixed else f"/{translation.get_language()}{path}")
        if target is None or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
            return response
        target = f"{target}?{query}" if query else target
        if not prefixed:
            redirect = HttpResponseRedirect(target)
            patch_vary_headers(redirect, ("Accept-Language", "Cookie"))
        elif request.method in ("GET", "HEAD"):
            redirect = HttpResponsePermanentRedirect(target)
        else:
            redirect = PermanentRedirect308(target)
        add_never_cache_headers(redirect)  # the old address may hold a personal link's token
        return redirect
