"""Odd input for every address, query parameter and form field the URL resolver and the admin registry know.

The pages come from the same enumerations as the browser tests (tests/e2e/site_pages.py for the public and partner
pages, tests/e2e/admin_pages.py for the admin: its routes and every page a coordinator opens); the routes with
parameters come from the URL resolver itself, so a page added later gets odd input without anyone listing it.
What is odd: very long text, a NUL byte, text where a number or a uuid is expected, a number too large for any
column, and bytes that are not UTF-8.
"""
import re
from urllib.parse import quote, quote_plus, urljoin, urlsplit

import lxml.html
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver, reverse

from regie.web.hosts import regie_for_host
from tests.e2e.admin_pages import BASE, PARAMETER, admin_routes

# Each odd value as it goes into an address or a form (percent-encoded: %E9 alone is no UTF-8).
ODD = {"long": quote("x" * 10_000), "NUL": "a%00b", "not a number": "abc", "huge number": "9" * 30,
       "bad UTF-8": "caf%E9"}
ODD_IN_PATH = {**ODD, "long": "a" * 2_000}
ADMIN_QUERY = ("q", "o", "p", "e")  # search, order, page, error flag of every changelist


def site_routes():
    """(route, name) of every address outside the admin, in the active language."""
    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if route != BASE.lstrip("/"):
                    yield from walk(pattern.url_patterns, route)
            else:
                yield route, pattern.name

    return list(walk(get_resolver().url_patterns, "/"))


def odd_paths(route, prefix=""):
    """The route with each of its parameters in turn replaced by each odd value (the others by a plain word)."""
    if route.startswith("^") or not PARAMETER.search(route):
        return []
    names = PARAMETER.findall(route)
    return [prefix + PARAMETER.sub(lambda m, name=name, value=value: value if m.group(1) == name else "demo", route)
            for name in names for value in ODD_IN_PATH.values()]


def odd_admin_paths():
    return [path for route, _name, _model_admin in admin_routes() for path in odd_paths(route, BASE)]


def odd_queries(path, parameters):
    """`path` with each parameter in turn set to each odd value (one at a time: a changelist stops at the first
    filter it cannot build, so a bad value in another filter would never reach the database)."""
    base = path + ("&" if "?" in path else "?")
    return [f"{base}{quote_plus(name)}={value}" for name in parameters for value in ODD.values()]


def odd_query_sets(path, parameters):
    """`path` with all the parameters set to one odd value, for each odd value (pages that read them one by one)."""
    base = path + ("&" if "?" in path else "?")
    return [base + "&".join(f"{quote_plus(name)}={value}" for name in parameters) for value in ODD.values()]


def query_fields(html):
    """The names of the fields of the page's forms sent by GET (search boxes, filters): what the page reads."""
    return sorted({field.name for form in lxml.html.fromstring(html).forms if (form.method or "GET").upper() == "GET"
                   for field in form.inputs if field.name})


def changelist_parameters(model_admin, user):
    """What a changelist reads from its address: its filters' parameters, search, order, page, error flag."""
    request = RequestFactory().get(reverse(f"admin:{model_admin.opts.app_label}_{model_admin.opts.model_name}"
                                           "_changelist"))
    request.user, request.regie = user, regie_for_host("testserver")  # as the test client's requests are served
    changelist = model_admin.get_changelist_instance(request)
    return sorted({name for spec in changelist.filter_specs for name in spec.expected_parameters()}) + list(ADMIN_QUERY)


def forms(path, html):
    """(action, [(name, value), ...]) of each form sent by POST on the page, with the values it comes with."""
    found = []
    for form in lxml.html.fromstring(html).forms:
        if (form.method or "GET").upper() != "POST":
            continue
        action = urljoin(path, form.get("action")) if form.get("action") else urlsplit(path).path
        names = [element.name for element in form.inputs if element.name]
        found.append((action, list(dict.fromkeys(names)), form.form_values()))
    return found


def odd_bodies(names, values):
    """Each odd value in every field but the CSRF token, as a url-encoded body (a body per odd value)."""
    kept = [(name, value) for name, value in values if name == "csrfmiddlewaretoken"]
    return {what: "&".join([f"{quote_plus(n)}={quote_plus(v)}" for n, v in kept] +
                           [f"{quote_plus(name)}={value}" for name in names if name != "csrfmiddlewaretoken"])
            for what, value in ODD.items()}


def odd_actions(user):
    """(changelist, body) for each action of each model admin `user` may take, on an odd selection."""
    request = RequestFactory().get(BASE)
    request.user, request.regie = user, regie_for_host("testserver")
    found = []
    for model, model_admin in admin.site._registry.items():
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for action in model_admin.get_actions(request):
            found += [(changelist, f"action={action}&index=0&{ACTION_CHECKBOX_NAME}={value}")
                      for value in ODD.values()]
    return found


def lang(html):
    match = re.search(r'<html[^>]*\blang="([a-z]{2})', html)
    return match.group(1) if match else None
