"""Every admin page a coordinator or finance opens, found from the admin URL resolver and the admin registry.

Nobody lists the pages: a page added later (a model admin, a custom admin URL, an action that asks for a reason,
a view registered with `admin.site.register_view`) is found the same way. For each staff user:

- every admin route, its parameters filled in: an object of the route's model admin (the first the user sees),
  each app label, or else a link to the route found on a page already seen;
- each changelist once more with a filter applied (the first choice of its sidebar) and a search;
- what the user sees after sending a form: each add form sent empty, each action on the first object (the
  intermediate page that asks for a reason, then that page sent empty), each form of the site's own pages
  (`register_view`, second factor, password) sent empty, and the second factor asked and set up. These run in a
  transaction that is rolled back, so nothing changes.

What the user gets back is a page when it is HTML with status 200. The rest is not a page, by rule: a download
(another content type), a redirect (its target is a route of its own), 403/404 (not for this user), 405 (POST
only). `uncovered` lists the routes that none of this reached, so that a new kind of route fails the test instead of
being skipped in silence.
"""
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import Resolver404, URLResolver, resolve, reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from regie.web.hosts import regie_for_host
from vouchers.models import Application, Call

STAFF = {"coordinator": "demo-coordinator-2026", "finance": "demo-finance-2026"}
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>")
BASE = "/admin/"
CATCH_ALL = "url"  # the admin's last route, (?P<url>.*)$, answers unknown addresses with 404


@dataclass
class Page:
    path: str
    html: str
    headers: dict
    how: str = "GET"
    site_view: bool = False  # a view of the site itself, not of a model admin


@dataclass
class Survey:
    """The pages a user opens, and the routes that gave none (with the reason)."""
    pages: list = field(default_factory=list)
    not_pages: dict = field(default_factory=dict)  # route -> why the answer is not a page
    uncovered: set = field(default_factory=set)
    server_errors: list = field(default_factory=list)
    links: set = field(default_factory=set)


def admin_routes():
    """(route, url name, model admin or None) for every route of the admin site."""
    by_prefix = {f"{model._meta.app_label}/{model._meta.model_name}/": model_admin
                 for model, model_admin in admin.site._registry.items()}

    def walk(patterns, prefix, model_admin):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                route = prefix + str(pattern.pattern)
                yield from walk(pattern.url_patterns, route, by_prefix.get(route, model_admin))
            else:
                yield prefix + str(pattern.pattern), pattern.name, model_admin

    return list(walk(admin.site.get_urls(), "", None))


def survey(username, fetch):
    """Every page `username` opens: `fetch(path) -> (status, headers, text)` asks the server as that user."""
    user = get_user_model().objects.get(username=username)
    request = RequestFactory().get("/admin/")
    request.user = user
    request.regie = regie_for_host(request.get_host())  # as regie.web.hosts does: the regie of the test client's host
    found = Survey()
    visit = _visitor(found, fetch)
    routes = admin_routes()
    for route, name, model_admin in routes:
        if model_admin is not None and not model_admin.has_view_or_change_permission(request):
            found.not_pages[route] = "403 (not for this user)"
            continue
        for path in _paths(route, model_admin, request):
            html = visit(path, route, model_admin)
            if html and (name or "").endswith("_changelist") and _filtered(path, html, model_admin):
                visit(_filtered(path, html, model_admin), route + " (filtered)", model_admin)
    for path in _states():
        visit(path, path)
    for route, name, model_admin in routes:  # the routes left: through a link seen on a page, or not for this user
        if route in found.not_pages or _paths(route, model_admin, request) or f"<{CATCH_ALL}>" in route:
            continue
        reached = [link for link in sorted(found.links) if _route_name(link) == name]
        if reached:
            visit(reached[0], route)
        elif fetch(BASE + PARAMETER.sub("1", route))[0] == 403:  # whatever the object
            found.not_pages[route] = "403 (not for this user)"
        else:
            found.uncovered.add(route)
    found.pages += sent_forms(user, request, found.pages, found.server_errors)
    return found


def _visitor(found, fetch):
    def visit(path, route, model_admin=None):
        status, headers, text = fetch(path)
        kind = headers.get("content-type", "").split(";")[0]
        if status == 200 and kind == "text/html":
            found.pages.append(Page(path, text, headers, site_view=model_admin is None))
            found.links.update(link for link in (urljoin(path, href) for href in re.findall(r'href="([^"#?]+)', text))
                               if link.startswith(BASE))
            return text
        found.not_pages[route] = f"{status} {kind}"
        if status >= 500:
            found.server_errors.append(f"GET {path}: {status}")
        return None

    return visit


def _paths(route, model_admin, request):
    if route.startswith("^"):  # the app index: one page per app the user may see
        if "app_label" not in route:
            return []
        return [reverse("admin:app_list", kwargs={"app_label": label})
                for label in sorted({m._meta.app_label for m, a in admin.site._registry.items()
                                     if a.has_module_permission(request)})]
    names = PARAMETER.findall(route)
    if not names:
        return [BASE + route]
    if model_admin is None:
        return []  # a view registered with the site: reached through a link
    first = model_admin.get_queryset(request).order_by("pk").first()
    if first is None:
        return []
    return [BASE + PARAMETER.sub(str(first.pk), route)]


def _filtered(path, html, model_admin):
    """The changelist with the first choice of its filter sidebar applied, and a search if it has one."""
    sidebar = re.search(r'<nav id="changelist-filter".*?</nav>', html, re.S)
    choice = re.search(r'<li>\s*<a href="(\?[^"]+)"', sidebar.group(0)) if sidebar else None
    query = choice.group(1).replace("&amp;", "&") if choice else "?"
    if model_admin.search_fields:
        query += ("&" if query != "?" else "") + "q=demo"
    return path + query if query != "?" else None


def _states():
    """Pages in a state reached through a form of their own: a business's personal data, one call's dashboard."""
    application, call = Application.objects.order_by("pk").first(), Call.objects.order_by("pk").first()
    return [f"{reverse('admin:personal_data')}?number={application.enterprise_number}",
            f"{reverse('admin:dashboard')}?call={call.pk}"]


def _route_name(path):
    try:
        return resolve(path).url_name
    except Resolver404:
        return None


def sent_forms(user, request, pages, server_errors):
    """What the user sees after sending a form, each in a transaction rolled back afterwards."""
    client, answers = Client(raise_request_exception=False), []

    def post(path, data, how, before=None):
        client.force_login(user)
        with transaction.atomic():
            data = before(client) if before else data
            response = client.post(path, data)
            transaction.set_rollback(True)
        if response.status_code >= 500:
            server_errors.append(f"{how} {path}: {response.status_code}")
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            answers.append(Page(path, response.content.decode(), dict(response.headers), how))
            return True
        return False

    _send_model_forms(post, request)
    for page in pages:
        if page.site_view:
            for form in re.findall(r"<form[^>]*>", page.html.split("<main", 1)[-1]):
                action = re.search(r'action="([^"]*)"', form)
                if 'method="post"' in form:
                    post(urljoin(page.path, action.group(1) if action else urlsplit(page.path).path), {},
                         "form sent empty")
    _second_factor(post, client, user)
    return answers


def _send_model_forms(post, request):
    """Each add form sent empty; each action on the first object, and its page asking for a reason sent empty."""
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        if model_admin.has_add_permission(request):
            post(reverse(f"admin:{info}_add"), {}, "add form sent empty")
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is None:
            continue
        changelist = reverse(f"admin:{info}_changelist")
        for action in model_admin.get_actions(request):
            data = {"action": action, ACTION_CHECKBOX_NAME: [first.pk], "index": 0}
            if post(changelist, data, f"action {action}"):
                post(changelist, {**data, "confirmed": "1"}, f"action {action} sent empty")


def _second_factor(post, client, user):
    """The second factor's pages for an account that has one (the code asked, sent empty) and the ten recovery
    codes shown once the authenticator app is set up."""
    def with_a_device(client):
        TOTPDevice.objects.create(user=user, name="Demo", confirmed=True)
        return {"code": ""}

    def set_up(client):
        client.get(reverse("admin:two_factor_setup"))
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        return {"code": TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()}

    post(reverse("admin:two_factor"), {}, "second factor asked, sent empty", before=with_a_device)
    post(reverse("admin:two_factor_setup"), {}, "second factor set up", before=set_up)


def log_in(page, base_url, username):
    page.goto(f"{base_url}{reverse('admin:login')}?next={reverse('admin:index')}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(STAFF[username])
    page.locator("#id_password").press("Enter")
    page.wait_for_url(f"{base_url}{reverse('admin:index')}")
