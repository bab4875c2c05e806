"""Nothing of regie A reaches regie B's admin (DESIGN.md 5, "Several regies, one install"), proved over the admin
registry, so that a model admin added later is covered without anyone remembering it.

Regie A is the test's regie (at testserver) with a row of every model that belongs to a regie; regie B (Maasland, at
maasland.example) has none. Every address each scoped admin has (its list, its add, change, delete and history
pages, and every page it adds itself: downloads, exports, ...) is asked for with A's ids, on B's host, by B's staff
and by a platform administrator: the lists are empty, their filters offer none of A's rows, the exports hold no row,
A's rows are "not there" (302, 403 or 404) and no page shows one of them. A's own staff see them on A's host. The
admins of models that do not belong to one regie are for platform administrators only once there are two regies,
apart from Belgium's municipalities and postcodes, which every regie's staff read and add to, and change only with
one regie, and from those that show each regie's rows by how they relate to it (ScopedThroughRelations: user
accounts), which show B's staff none of A's rows, also in the autocomplete boxes that point to them."""
import csv
import io
import re
from html import escape

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from enterprises.models import AreaPostcode, Municipality, Postcode
from regie.accounts.groups import COORDINATORS, FINANCE
from regie.admin_site import ScopedThroughRelations
from regie.models import Regie
from regie.models.regies import regie_path
from tests.factories import MunicipalityFactory, PostcodeFactory, UserFactory
from tests.support.two_regies import MAASLAND_HOST, maasland, rows_of_every_kind
from vouchers.models import Application, CheckProof

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # a sweep over the admin: no date rule


def label(model) -> str:
    return model._meta.label


REGISTRY = sorted(admin.site._registry, key=label)
SCOPED = [model for model in REGISTRY if regie_path(model)]
# Belgium's municipalities and postcodes: every regie's (enterprises/admin BelgiumsGeography). A postcode's name is
# no trace of regie A: each regie's forms list every postcode (the area's own rows, which are A's, are checked).
GEOGRAPHY = {Municipality, Postcode}
NAMED_BY_GEOGRAPHY = {AreaPostcode}
THROUGH_RELATIONS = [model for model in REGISTRY if isinstance(admin.site._registry[model], ScopedThroughRelations)]
# the rows of regie A each of those admins shows A's staff only; an admin not named here fails the test
ROWS_THROUGH_RELATIONS = {
    get_user_model(): lambda regie: get_user_model().objects.filter(
        firm_memberships__enterprise__listings__regie=regie).distinct(),
    AccessAttempt: lambda regie: AccessAttempt.objects.filter(username__in=get_user_model().objects.filter(
        firm_memberships__enterprise__listings__regie=regie).values("username")),
}
SHARED = [model for model in REGISTRY if not regie_path(model) and model not in GEOGRAPHY
          and model not in THROUGH_RELATIONS]
ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")
STANDARD = {"", "add/", "<path:object_id>/", "<path:object_id>/change/", "<path:object_id>/delete/",
            "<path:object_id>/history/"}
# what of regie A to put in an address's other arguments; an argument not named here fails the test
ARGUMENTS = {"proof": lambda regie: row_of(CheckProof, regie).pk, "part": lambda regie: "xml"}
# the site's own pages (register_view) with an argument: the model whose row of regie A it takes
SITE_ARGUMENTS = {"personal_data_correct": Application}
# the admins of platform administrators only, however many regies (regie/admin/regies.py: RegieAdmin)
PLATFORM_ONLY = {Regie}
CSV, XLSX = "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NOT_THERE = (302, 403, 404)


@pytest.fixture
def regie_b(regie):
    """Regie B, empty, beside the test's regie (A) with its rows."""
    other = maasland()
    rows_of_every_kind(regie)
    return other


def staff_of(regie):
    """A staff member of `regie` in both staff groups, so that every list of a scoped model opens for them."""
    user = UserFactory(is_staff=True, regies=[regie])
    user.groups.add(*Group.objects.filter(name__in=[COORDINATORS, FINANCE]))
    return user


def platform_administrator():
    return UserFactory(is_staff=True, is_superuser=True)


def rows_of(model, regie):
    return model._default_manager.filter(**{regie_path(model): regie}).order_by("pk")


def row_of(model, regie):
    row = rows_of(model, regie).first()
    assert row is not None, (f"{label(model)} belongs to a regie but the test's regie has no row of it: add one to "
                             "tests/support/two_regies.rows_of_every_kind")
    return row


def traces_of(regie) -> set[str]:
    """What no page of another regie may show: each of `regie`'s rows' str(), as is and HTML-escaped."""
    texts = {str(row) for model in SCOPED if model not in NAMED_BY_GEOGRAPHY for row in rows_of(model, regie)}
    return texts | {escape(text) for text in texts}


def admin_urls(model, regie):
    """(route, address) of every page of the model's admin, with regie's row and other arguments filled in."""
    row = row_of(model, regie)
    base = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    def value(match):
        if match[1] in ("pk", "object_id"):
            return str(row.pk)
        assert match[1] in ARGUMENTS, f"{label(model)}: tell this test which value to put in <{match[1]}>"
        return str(ARGUMENTS[match[1]](regie))

    for pattern in admin.site._registry[model].get_urls():
        route = str(pattern.pattern)
        yield route, base + ARGUMENT.sub(value, route)


def site_urls(regie):
    """(name, address) of each page the apps add to the admin site (dashboard, personal data, ...)."""
    for route, _view, name in admin.site.extra_views:
        if ARGUMENT.search(route):
            assert name in SITE_ARGUMENTS, f"admin:{name}: tell this test whose row of regie A to put in {route}"
            model = SITE_ARGUMENTS[name]
            yield name, reverse(f"admin:{name}", args=[row_of(model, regie).pk])
        else:
            yield name, reverse(f"admin:{name}")


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def exported_rows(response) -> int | None:
    """The rows under the header of an exported list (CSV or XLSX); None for any other answer."""
    kind = response.get("Content-Type", "")
    if kind.startswith(CSV):
        return len(list(csv.reader(io.StringIO(content(response).decode("utf-8-sig"))))) - 1
    if kind.startswith(XLSX):
        return load_workbook(io.BytesIO(content(response)), read_only=True).active.max_row - 1
    return None


def text(response) -> str:
    if response.get("Content-Type", "").startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content(response))).pages)
    return content(response).decode("utf-8", errors="replace")


def shown(traces, response) -> list[str]:
    page = text(response)
    return sorted(trace for trace in traces if trace in page)


def related_filters(model):
    """The list filters of the model's admin on a field that points to a model of a regie: (path, that model)."""
    for entry in admin.site._registry[model].list_filter:
        name = entry if isinstance(entry, str) else entry[0] if isinstance(entry, tuple | list) else None
        field = get_fields_from_path(model, name)[-1] if name else None
        if field is not None and field.is_relation and regie_path(field.related_model):
            yield name, field.related_model


def test_the_test_regie_has_rows_of_every_model_that_belongs_to_a_regie(regie, regie_b):
    missing = [label(model) for model in SCOPED if not rows_of(model, regie).exists()]
    assert not missing, f"add rows of {missing} to tests/support/two_regies.rows_of_every_kind"
    hidden = [f"{label(model)} by {name}" for model in SCOPED for name, target in related_filters(model)
              if rows_of(target, regie).count() < 2]
    assert not hidden, (f"a filter of one choice is hidden: add a second row of what these lists filter by to "
                        f"tests/support/two_regies.rows_of_every_kind: {hidden}")


def sees_its_rows(client, model, regie):
    """Regie A's staff on A's host: the list shows A's rows, the change page and every page the admin adds open
    (so that the same addresses answering "not there" on B's host proves something), the exports hold A's rows."""
    row = row_of(model, regie)
    for route, url in admin_urls(model, regie):
        response = client.get(url)
        where = f"{label(model)} {url} (staff of regie A, testserver): {response.status_code}"
        if route == "":
            assert response.status_code == 200 and response.context_data["cl"].result_count >= 1, where
        elif route == "<path:object_id>/change/":
            assert response.status_code == 200 and escape(str(row)) in text(response), where
        elif route not in STANDARD:
            assert response.status_code == 200, where
            listed = exported_rows(response) if not ARGUMENT.search(route) else None  # a list's export, not a file
            assert listed in (None, rows_of(model, regie).count()), f"{where}: the export holds {listed} rows"


def sees_nothing_of(client, model, regie, who):
    """On B's host: an empty list whose filters offer none of A's rows, A's rows "not there", exports without rows,
    no page that shows one of A's rows."""
    traces = traces_of(regie)
    for route, url in admin_urls(model, regie):
        response = client.get(url, HTTP_HOST=MAASLAND_HOST)
        where = f"{label(model)} {url} ({who}, {MAASLAND_HOST}): {response.status_code}"
        if route == "":
            assert response.status_code == 200, where
            changelist = response.context_data["cl"]
            assert changelist.result_count == 0, f"{where}: {changelist.result_count} of A's rows listed"
            offered = traces & {str(choice["display"]) for spec in changelist.filter_specs
                                for choice in spec.choices(changelist)}
            assert not offered, f"{where}: its filters offer {sorted(offered)}"
        elif route == "add/":
            assert response.status_code in (200, 403), where
        elif ARGUMENT.search(route):
            assert response.status_code in NOT_THERE, where
        else:
            rows = exported_rows(response)
            assert response.status_code in NOT_THERE or rows == 0, f"{where}: {rows} rows exported"
        assert not shown(traces, response), f"{where} shows {shown(traces, response)}"


@pytest.mark.parametrize("model", SCOPED, ids=label)
def test_the_admin_of_a_regies_rows_shows_them_on_its_host_only(client, regie, regie_b, model):
    client.force_login(staff_of(regie))
    sees_its_rows(client, model, regie)
    client.force_login(staff_of(regie_b))
    sees_nothing_of(client, model, regie, "staff of regie B")
    client.force_login(platform_administrator())  # a host's admin is its regie's, also for a platform administrator
    sees_nothing_of(client, model, regie, "platform administrator")


def test_the_sites_own_pages_show_nothing_of_regie_a_on_regie_bs_host(client, regie, regie_b):
    traces = traces_of(regie)
    for who, user in [("staff of regie B", staff_of(regie_b)), ("platform administrator", platform_administrator())]:
        client.force_login(user)
        for name, url in site_urls(regie):
            response = client.get(url, HTTP_HOST=MAASLAND_HOST)
            where = f"admin:{name} {url} ({who}, {MAASLAND_HOST}): {response.status_code}"
            assert response.status_code in (200, *NOT_THERE), where
            assert not shown(traces, response), f"{where} shows {shown(traces, response)}"


def autocompletes_to(model):
    """(app label, model name, field) of every autocomplete box of the admin (its inlines too) that picks a `model`."""
    for source_admin in admin.site._registry.values():
        for each in [source_admin, *(inline(source_admin.model, admin.site) for inline in source_admin.inlines)]:
            for name in each.autocomplete_fields:
                field = each.model._meta.get_field(name)
                if field.related_model is model:
                    yield each.model._meta.app_label, each.model._meta.model_name, name


@pytest.mark.parametrize("model", THROUGH_RELATIONS, ids=label)
def test_an_admin_scoped_through_relations_shows_regie_bs_staff_none_of_regie_as_rows(client, regie, regie_b, model):
    assert model in ROWS_THROUGH_RELATIONS, f"tell this test which rows of regie A the admin of {label(model)} hides"
    rows = {row.pk for row in ROWS_THROUGH_RELATIONS[model](regie)}
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    boxes = list(autocompletes_to(model))
    for who, host, sees in [(staff_of(regie), "testserver", True), (staff_of(regie_b), MAASLAND_HOST, False)]:
        client.force_login(who)
        listed = {row.pk for row in client.get(changelist_of(model), HTTP_HOST=host).context_data["cl"].result_list}
        assert (rows <= listed) if sees else not rows & listed, f"{label(model)} list on {host}"
        for pk in rows:
            for page in ("change", "delete", "history"):
                status = client.get(reverse(f"{name}_{page}", args=[pk]), HTTP_HOST=host).status_code
                opens = status == 200 or (page == "delete" and status == 403)  # a right staff may not have
                assert opens if sees else status in NOT_THERE, f"{label(model)} {page} of {pk} on {host}: {status}"
        for app_label, model_name, field in boxes:
            found = client.get(reverse("admin:autocomplete"), {"app_label": app_label, "model_name": model_name,
                                                              "field_name": field, "term": ""}, HTTP_HOST=host)
            offered = {int(result["id"]) for result in found.json()["results"]}
            assert bool(rows & offered) is sees, f"{app_label}.{model_name}.{field} on {host} offers {offered}"


def with_view_permission(user, model):
    user.user_permissions.add(Permission.objects.get(content_type__app_label=model._meta.app_label,
                                                     codename=f"view_{model._meta.model_name}"))
    return user


def changelist_of(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("model", SHARED, ids=label)
def test_with_two_regies_only_platform_administrators_open_what_every_regie_shares(client, regie, model):
    other = maasland()
    for user, host in [(staff_of(other), MAASLAND_HOST), (staff_of(regie), "testserver")]:
        client.force_login(with_view_permission(user, model))  # their permission is not enough with two regies
        answer = client.get(changelist_of(model), HTTP_HOST=host)
        assert answer.status_code in (302, 403), f"{label(model)} opens for a regie's staff on {host}"
    client.force_login(platform_administrator())
    assert client.get(changelist_of(model), HTTP_HOST=MAASLAND_HOST).status_code == 200


@pytest.mark.parametrize("model", SHARED, ids=label)
def test_with_one_regie_its_staff_open_what_they_may_see(client, regie, model):
    client.force_login(with_view_permission(staff_of(regie), model))
    expected = 403 if model in PLATFORM_ONLY else 200
    assert client.get(changelist_of(model)).status_code == expected


@pytest.mark.parametrize("model", sorted(GEOGRAPHY, key=label), ids=label)
def test_with_two_regies_every_regies_staff_read_belgiums_geography_and_only_platform_administrators_change_it(
        client, regie, model):
    maasland()
    row = PostcodeFactory() if model is Postcode else MunicipalityFactory()
    change = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[row.pk])
    staff = staff_of(regie)
    client.force_login(staff)
    assert client.get(changelist_of(model)).status_code == 200
    assert client.get(change).status_code == 200  # read only
    assert client.post(change, {}).status_code == 403
    assert staff.has_perm(f"enterprises.change_{model._meta.model_name}")  # their group's right, closed by the admin
    client.force_login(platform_administrator())
    assert "_save" in client.get(change).content.decode()
