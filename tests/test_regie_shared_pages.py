"""What the regies of an install still share stays with platform administrators once there are several: Django's
"view on site" address of a row, the "recent actions" of the admin's home (the locked sign-in codes are per regie:
tests/test_logins_per_regie.py).
A staff user added on an install of one regie works for it without a choice to make."""
import pytest
from django.contrib.contenttypes.models import ContentType

from regie.accounts.groups import COORDINATORS
from regie.models import AuditEvent, StaffMembership
from tests.factories import RegieFactory, UserFactory
from tests.support.networking import MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names and the admin: no date rule
MAASLAND = "maasland.example"


@pytest.fixture
def maasland():
    return RegieFactory(short_name="maasland", name="Regie Maasland", hosts=[MAASLAND])


def test_view_on_site_of_another_regies_meeting_is_not_there(client, regie, maasland, staff_user):
    secret = MeetingFactory(regie=regie, slug="geheim-overleg", is_published=False)
    address = f"/admin/r/{ContentType.objects.get_for_model(secret).pk}/{secret.pk}/"
    client.force_login(staff_user(COORDINATORS, regies=[maasland]))
    refused = client.get(address, HTTP_HOST=MAASLAND)
    assert refused.status_code == 404 and "geheim-overleg" not in refused.get("Location", "")
    client.force_login(staff_user(COORDINATORS))
    assert client.get(address)["Location"].endswith("/ontmoetingen/geheim-overleg/")


def test_the_recent_actions_of_the_admin_home_show_only_on_an_install_of_one_regie(client, staff_user):
    client.force_login(staff_user(COORDINATORS))
    assert 'id="recent-actions-module"' in client.get("/admin/").content.decode()
    RegieFactory(short_name="maasland", name="Regie Maasland", hosts=[MAASLAND])
    assert 'id="recent-actions-module"' not in client.get("/admin/").content.decode()


def test_a_staff_user_made_on_an_install_of_one_regie_works_for_it(client, regie):
    client.force_login(UserFactory(username="platform", is_staff=True, is_superuser=True))
    user = UserFactory(username="nieuwe.coordinator")
    page = client.get(f"/admin/auth/user/{user.pk}/change/")
    data = {key: value for key, value in page.context["adminform"].form.initial.items()
            if value is not None and key not in ("password", "groups", "user_permissions", "last_login")}
    data.update({"is_staff": "on", "is_active": "on", "date_joined": "", **inline_forms(page)})
    response = client.post(f"/admin/auth/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(StaffMembership.objects.filter(user=user).values_list("regie__short_name", flat=True)) == ["zuidoost"]
    assert AuditEvent.objects.get(action="user.regie_added").data == {"regie": "zuidoost", "via": "the only regie"}


def inline_forms(page):
    """The management forms of the user page's inlines, empty."""
    return {f"{inline.formset.prefix}-{field}": value for inline in page.context["inline_admin_formsets"]
            for field, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))}
