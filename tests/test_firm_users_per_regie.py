"""Firm users per regie (DESIGN.md 5, "Several regies, one install"): each regie's coordinator adds the users of the
firms their regie lists, with the firm, in one step; sees and changes those users, and reads but does not change one
that also acts for a firm another regie lists. Another regie's users and the staff accounts are not there for them.
An install of one regie keeps its coordinators' view of every firm user."""
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from enterprises.models import FirmMembership
from regie.accounts.groups import COORDINATORS
from regie.models import AuditEvent
from tests.factories import FirmMembershipFactory, SocialEnterpriseFactory, UserFactory
from tests.support.two_regies import MAASLAND_HOST, maasland
from tests.test_admin import enterprise_form

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names and the admin: no date rule

USERS = "/admin/auth/user/"
User = get_user_model()


@pytest.fixture
def firms(regie):
    """De Groene Hand (the test's regie), Kringwinkel Maasland (Maasland) and Tuinploeg Samen (both), each with a
    user: groene, kring and samen."""
    other = maasland()
    made = {}
    for username, name, regies in [("groene", "De Groene Hand", [regie]), ("kring", "Kringwinkel Maasland", [other]),
                                   ("samen", "Tuinploeg Samen", [regie, other])]:
        firm = SocialEnterpriseFactory(name=name, listed_by=regies)
        made[username] = FirmMembershipFactory(enterprise=firm, user=UserFactory(username=username))
    return made


@pytest.fixture
def maasland_coordinator(firms):
    coordinator = UserFactory(username="coord.maasland", is_staff=True,
                              regies=[firms["kring"].enterprise.listings.get().regie])
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    return coordinator


def _listed(client, host=MAASLAND_HOST):
    return {user.username for user in client.get(USERS, HTTP_HOST=host).context_data["cl"].result_list}


def _new_user(**extra):
    return {"username": "nieuw.maaswerk", "usable_password": "true", "password1": "een-lang-wachtwoord-2026",
            "password2": "een-lang-wachtwoord-2026", **extra}


def test_a_coordinator_sees_the_users_of_their_regies_firms_only_never_staff(client, maasland_coordinator, firms):
    client.force_login(maasland_coordinator)
    assert _listed(client) == {"kring", "samen"}
    assert client.get(f"{USERS}{firms['groene'].user.pk}/change/", HTTP_HOST=MAASLAND_HOST).status_code == 302
    assert client.get(f"{USERS}{maasland_coordinator.pk}/change/", HTTP_HOST=MAASLAND_HOST).status_code == 302
    client.force_login(UserFactory(is_staff=True, is_superuser=True))  # the platform administrator sees everyone
    assert {"groene", "kring", "samen", "coord.maasland"} <= _listed(client)


def test_a_coordinator_adds_a_firm_user_with_its_firm_in_one_step(client, maasland_coordinator, firms):
    client.force_login(maasland_coordinator)
    add = client.get(f"{USERS}add/", HTTP_HOST=MAASLAND_HOST)
    offered = {str(firm) for firm in add.context_data["adminform"].form.fields["firm"].queryset}
    assert offered == {"Kringwinkel Maasland"}  # not the other regie's firm, nor the firm both list
    response = client.post(f"{USERS}add/", _new_user(firm=firms["kring"].enterprise.pk), HTTP_HOST=MAASLAND_HOST)
    user = User.objects.get(username="nieuw.maaswerk")
    assert response.status_code == 302 and response.url == f"{USERS}{user.pk}/change/"
    assert [m.enterprise.name for m in user.firm_memberships.all()] == ["Kringwinkel Maasland"]
    assert client.get(response.url, HTTP_HOST=MAASLAND_HOST).status_code == 200
    assert AuditEvent.objects.filter(action="user.firm_added", object_id=user.pk, actor=maasland_coordinator).exists()


def test_a_firm_user_needs_a_firm_of_the_coordinators_regie(client, maasland_coordinator, firms):
    client.force_login(maasland_coordinator)
    invalid = "Selecteer een geldige keuze"
    for firm, error in [(None, "Dit veld is verplicht."), (firms["groene"].enterprise.pk, invalid),
                        (firms["samen"].enterprise.pk, invalid)]:
        response = client.post(f"{USERS}add/", _new_user(**({"firm": firm} if firm else {})), HTTP_HOST=MAASLAND_HOST)
        assert response.status_code == 200 and error in response.content.decode()
    assert not User.objects.filter(username="nieuw.maaswerk").exists()


def test_a_user_who_also_acts_for_another_regies_firm_is_read_only_for_a_coordinator(client, maasland_coordinator,
                                                                                     firms):
    client.force_login(maasland_coordinator)
    shared = f"{USERS}{firms['samen'].user.pk}/change/"
    page = client.get(shared, HTTP_HOST=MAASLAND_HOST)
    assert page.status_code == 200 and "_save" not in page.content.decode()
    assert client.post(shared, {"username": "samen", "email": "overgenomen@example.org"},
                       HTTP_HOST=MAASLAND_HOST).status_code == 403
    assert client.post(f"{USERS}{firms['samen'].user.pk}/password/", {
        "password1": "een-lang-wachtwoord-2026", "password2": "een-lang-wachtwoord-2026"},
        HTTP_HOST=MAASLAND_HOST).status_code in (403, 404)
    assert User.objects.get(username="samen").email == "samen@example.org"
    own = client.get(f"{USERS}{firms['kring'].user.pk}/change/", HTTP_HOST=MAASLAND_HOST)
    assert "_save" in own.content.decode()


def test_a_coordinator_cannot_give_their_firm_another_regies_user(client, maasland_coordinator, firms):
    client.force_login(maasland_coordinator)
    kring = firms["kring"].enterprise
    form = enterprise_form(kring.postcode, name=kring.name, slug=kring.slug, enterprise_number=kring.enterprise_number,
                           **{"memberships-TOTAL_FORMS": "2", "memberships-INITIAL_FORMS": "1",
                              "memberships-0-id": firms["kring"].pk, "memberships-0-user": firms["kring"].user.pk,
                              "memberships-0-enterprise": kring.pk, "memberships-1-user": firms["groene"].user.pk})
    response = client.post(f"/admin/enterprises/socialenterprise/{kring.pk}/change/", form, HTTP_HOST=MAASLAND_HOST)
    assert response.status_code == 200 and "Selecteer een geldige keuze" in response.content.decode()
    assert not FirmMembership.objects.filter(enterprise=kring, user=firms["groene"].user).exists()


def test_with_one_regie_a_coordinator_sees_every_firm_user_and_may_add_one_without_a_firm(client, regie):
    groene = FirmMembershipFactory(enterprise=SocialEnterpriseFactory(name="De Groene Hand"),
                                   user=UserFactory(username="groene"))
    UserFactory(username="zonder.firma")
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    client.force_login(coordinator)
    assert _listed(client, "testserver") == {"groene", "zonder.firma"}
    response = client.post(f"{USERS}add/", _new_user())
    assert response.status_code == 302 and not User.objects.get(username="nieuw.maaswerk").firm_memberships.exists()
    assert groene.user.firm_memberships.count() == 1
