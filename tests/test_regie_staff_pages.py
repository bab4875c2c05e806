"""Who works for which regie: the admin refuses an admin of a regie's model that would show every regie's rows, a staff
member of several regies finds a link to each regie's admin, an install of one regie keeps its staff at work after
the upgrade, a new regie's coordinator works for it alone, and the platform administrator adds a regie to a staff
member's account. (What staff of one regie can and cannot open: test_regie_staff.py.)"""
import io

import pytest
from django.contrib import admin
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import RequestFactory

from enterprises.models import Municipality
from regie.accounts.groups import COORDINATORS
from regie.admin_site import PortalAdminSite, RegieScopedAdmin, SharedByEveryRegie
from regie.models import AuditEvent, OutgoingMail, Regie, StaffMembership
from tests.factories import RegieFactory, UserFactory
from tests.support.migrations import back_to_the_latest_migrations, migrate  # noqa: F401 - the fixture is used by name
from vouchers.models import Call

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names, the admin and migrations: no date rule

ZUIDOOST = "Regie sociale economie Zuidoost-Limburg"
MAASLAND = "maasland.example"


@pytest.fixture
def maasland():
    return RegieFactory(short_name="maasland", name="Regie Maasland", region_name="Maasland", hosts=[MAASLAND])


@pytest.fixture
def superuser():
    return UserFactory(username="platform", is_staff=True, is_superuser=True)


def test_an_admin_of_a_regies_model_must_keep_the_regies_apart_any_other_is_shared(regie, staff_user, superuser):
    site = PortalAdminSite(name="elsewhere")

    class ThirdPartyAdmin(admin.ModelAdmin):
        list_display = ["name"]

    with pytest.raises(ImproperlyConfigured) as refused:
        site.register(Call, ThirdPartyAdmin)
    assert str(refused.value) == ("ThirdPartyAdmin: vouchers.Call belongs to a regie; its admin must take "
                                  "regie.admin_site.RegieScopedAdmin.")
    with pytest.raises(ImproperlyConfigured):
        site.register(Call)  # Django's plain ModelAdmin
    assert Call not in site._registry
    site.register(Call, type("ScopedCallAdmin", (RegieScopedAdmin, admin.ModelAdmin), {}))
    site.register(Municipality, ThirdPartyAdmin)
    shared = site._registry[Municipality]
    assert isinstance(shared, SharedByEveryRegie) and isinstance(shared, ThirdPartyAdmin)
    assert not isinstance(site._registry[Call], SharedByEveryRegie)
    request = RequestFactory().get("/admin/")
    coordinator = request.user = staff_user(COORDINATORS)
    request.regie = regie
    assert shared.has_view_permission(request)  # one regie: its coordinators use it as before
    Regie.objects.create(short_name="maasland", name="Regie Maasland")
    request = RequestFactory().get("/admin/")
    request.regie, request.user = regie, coordinator
    assert not shared.has_view_permission(request) and not shared.has_module_permission(request)
    request.user = superuser
    assert shared.has_view_permission(request)


def test_with_two_regies_each_regies_staff_open_its_own_outbox(client, maasland, staff_user, superuser):
    """Each mail is its regie's (tests/test_regie_outbox_and_audit.py); the walk over the admin proves the rest."""
    client.force_login(staff_user(COORDINATORS))
    assert client.get("/admin/regie/outgoingmail/").status_code == 200
    assert "/admin/regie/outgoingmail/" in client.get("/admin/").content.decode()
    client.force_login(superuser)
    assert client.get("/admin/regie/outgoingmail/", HTTP_HOST=MAASLAND).status_code == 200
    assert OutgoingMail._meta.label in [model._meta.label for model in admin.site._registry
                                        if getattr(model, "regie_path", None)]


def test_a_staff_member_of_two_regies_finds_a_link_to_each_regies_admin(client, regie, maasland, staff_user):
    client.force_login(staff_user(COORDINATORS, regies=[regie, maasland]))
    assert '<a href="/admin/mijn-regies/">Andere regie</a>' in client.get("/admin/").content.decode()
    here = client.get("/admin/mijn-regies/").content.decode()
    assert f"<strong>{ZUIDOOST}</strong>" in here
    assert '<a href="http://maasland.example/admin/">Regie Maasland</a>' in here
    there = client.get("/admin/mijn-regies/", HTTP_HOST=MAASLAND).content.decode()
    assert "<strong>Regie Maasland</strong>" in there and f'<a href="http://testserver/admin/">{ZUIDOOST}</a>' in there
    client.force_login(staff_user(COORDINATORS))
    home = client.get("/admin/").content.decode()
    assert "Andere regie" not in home and "/admin/mijn-regies/" not in home


def test_a_new_regies_coordinator_works_for_it_alone(client):
    call_command("create_regie", "--short-name", "maasland", "--name", "Regie Maasland", "--region", "Maasland",
                 "--host", MAASLAND, "--contact-email", "info@maasland.example", "--sender-email",
                 "noreply@maasland.example", "--legal-name", "Regie Maasland vzw", "--coordinator", "an.maasland",
                 "--coordinator-email", "an@maasland.example", stdout=io.StringIO())
    coordinator = User.objects.get(username="an.maasland")
    assert [regie.short_name for regie in Regie.objects.staffed_by(coordinator)] == ["maasland"]
    client.force_login(coordinator)
    assert client.get("/admin/", HTTP_HOST=MAASLAND).status_code == 200
    assert client.get("/admin/").status_code == 302


def form_data(page):
    """What the change page's form sends back as it stands: the model form's fields and each inline's."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if field.field.disabled or value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else (
                [getattr(each, "pk", each) for each in value] if isinstance(value, list | tuple) else value)
    return data


def test_the_platform_administrator_adds_a_regie_to_a_coordinators_account(client, regie, maasland, staff_user,
                                                                           superuser):
    bert = staff_user(COORDINATORS, username="bert")
    client.force_login(superuser)
    url = f"/admin/auth/user/{bert.pk}/change/"
    page = client.get(url)
    [memberships] = [inline.formset for inline in page.context["inline_admin_formsets"]
                     if inline.formset.model is StaffMembership]
    assert [form.instance.regie for form in memberships.initial_forms] == [regie]
    extra = memberships.forms[len(memberships.initial_forms)]
    data = {**form_data(page), extra["regie"].html_name: maasland.pk}
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["errors"]
    assert sorted(Regie.objects.staffed_by(bert).values_list("short_name", flat=True)) == ["maasland", "zuidoost"]
    client.force_login(bert)
    assert client.get("/admin/", HTTP_HOST=MAASLAND).status_code == 200
    assert client.get(url).status_code == 302  # staff accounts are the platform administrator's: not there for bert
    assert AuditEvent.objects.get(action="user.changed", object_id=str(bert.pk)).data["changes"] == [
        {"added": {"name": "works for the regie", "object": "bert – Regie Maasland"}}]  # in bert's audit record


MIGRATED = pytest.mark.django_db(transaction=True)  # migrates back and forth


@MIGRATED
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_an_install_of_one_regie_keeps_its_coordinators_and_finance_at_work():
    apps = migrate([("vouchers", "0031_every_ledger_check_has_a_regie")])  # before vouchers 0032 attaches staff
    users = apps.get_model("auth", "User").objects
    for username, staff, platform in [("coordinator", True, False), ("finance", True, False),
                                       ("platform", True, True), ("firm", False, False)]:
        users.create(username=username, password=make_password("x"), is_staff=staff, is_superuser=platform)
    apps = migrate([("vouchers", "0032_staff_of_regie_1")])
    memberships = apps.get_model("regie", "StaffMembership").objects
    assert sorted(memberships.values_list("user__username", "regie__short_name")) == [
        ("coordinator", "zuidoost"), ("finance", "zuidoost")]


@MIGRATED
@pytest.mark.usefixtures("back_to_the_latest_migrations")
def test_an_install_of_several_regies_attaches_no_one_by_guess(maasland):
    apps = migrate([("vouchers", "0031_every_ledger_check_has_a_regie")])
    apps.get_model("auth", "User").objects.create(username="coordinator", password=make_password("x"),
                                                  is_staff=True)
    apps = migrate([("vouchers", "0032_staff_of_regie_1")])
    assert not apps.get_model("regie", "StaffMembership").objects.exists()
