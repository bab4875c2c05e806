"""Firm users per regie (DESIGN.md 5, "Several regies, one install"): each regie's coordinator adds the users of the
firms their regie lists, with the firm, in one step; sees and changes those users, and reads but does not change one
that also acts for a firm another regie lists. Another regie's users and the staff accounts are not there for them.
An install of one regie keeps its coordinators' view of every firm user."""
import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from enterprises.models import FirmMembership
from regie.accounts.groups import COORDINATORS
from regie.models import AuditEvent
from tests.factories import FirmMembershipFactory, SocialEnterpriseFactory, UserFactory
from tests.redemption_helpers import issued_voucher, redeem
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


def test_a_firm_another_regie_stopped_listing_but_still_has_redemptions_of_stays_the_platform_administrators(
        client, maasland_coordinator, firms):
    """Zuidoost stops listing Tuinploeg Samen after a redemption of its cheque: the firm's users still read that
    redemption and its payment on Zuidoost's host, and Zuidoost still pays the firm's account."""
    samen = firms["samen"]
    redeem(issued_voucher(), samen, amount="80.00")
    samen.enterprise.listings.get(regie__short_name="zuidoost").delete()
    client.force_login(maasland_coordinator)
    firm_page = f"/admin/enterprises/socialenterprise/{samen.enterprise.pk}/change/"
    assert "_save" not in client.get(firm_page, HTTP_HOST=MAASLAND_HOST).content.decode()
    form = enterprise_form(samen.enterprise.postcode, name=samen.enterprise.name, slug=samen.enterprise.slug,
                           enterprise_number=samen.enterprise.enterprise_number, iban="BE48001123456727")
    assert client.post(firm_page, form, HTTP_HOST=MAASLAND_HOST).status_code == 403
    assert client.post(f"{USERS}{samen.user.pk}/password/", {
        "password1": "een-lang-wachtwoord-2026", "password2": "een-lang-wachtwoord-2026"},
        HTTP_HOST=MAASLAND_HOST).status_code == 403
    response = client.post(f"{USERS}add/", _new_user(firm=samen.enterprise.pk), HTTP_HOST=MAASLAND_HOST)
    assert response.status_code == 200 and "Selecteer een geldige keuze" in response.content.decode()
    assert not User.objects.filter(username="nieuw.maaswerk").exists()


def test_a_coordinator_reads_neither_another_regies_firms_of_a_user_nor_its_staffs_history(
        client, maasland_coordinator, firms):
    kring, groene = firms["kring"], firms["groene"]
    FirmMembershipFactory(user=kring.user, enterprise=groene.enterprise)  # kring also acts for Zuidoost's firm
    zuidoost_coordinator = UserFactory(username="coord.zuidoost", is_staff=True)
    LogEntry.objects.log_actions(zuidoost_coordinator.pk, [firms["samen"].user], CHANGE, change_message="Gewijzigd")
    client.force_login(maasland_coordinator)
    listed = client.get(USERS, HTTP_HOST=MAASLAND_HOST).content.decode()
    assert "Kringwinkel Maasland" in listed and "De Groene Hand" not in listed
    assert {u.username for u in client.get(USERS, {"q": "Groene"}, HTTP_HOST=MAASLAND_HOST)
            .context_data["cl"].result_list} == set()
    assert {u.username for u in client.get(USERS, {"q": "Kringwinkel"}, HTTP_HOST=MAASLAND_HOST)
            .context_data["cl"].result_list} == {"kring"}
    assert "De Groene Hand" not in client.get(f"{USERS}{kring.user.pk}/change/", HTTP_HOST=MAASLAND_HOST
                                              ).content.decode()
    history = client.get(f"{USERS}{firms['samen'].user.pk}/history/", HTTP_HOST=MAASLAND_HOST)
    assert history.status_code == 200 and "coord.zuidoost" not in history.content.decode()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "coord.zuidoost" in client.get(f"{USERS}{firms['samen'].user.pk}/history/",
                                          HTTP_HOST=MAASLAND_HOST).content.decode()


def test_a_coordinator_saves_their_firm_with_a_user_who_also_acts_for_another_regies_firm(
        client, maasland_coordinator, firms):
    kring = firms["kring"]
    FirmMembershipFactory(user=kring.user, enterprise=firms["groene"].enterprise)
    client.force_login(maasland_coordinator)
    form = enterprise_form(kring.enterprise.postcode, name=kring.enterprise.name, slug=kring.enterprise.slug,
                           enterprise_number=kring.enterprise.enterprise_number, phone="089 00 00 01", **{
                               "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1",
                               "memberships-0-id": kring.pk, "memberships-0-user": kring.user.pk,
                               "memberships-0-enterprise": kring.enterprise.pk})
    response = client.post(f"/admin/enterprises/socialenterprise/{kring.enterprise.pk}/change/", form,
                           HTTP_HOST=MAASLAND_HOST)
    assert response.status_code == 302
    assert FirmMembership.objects.filter(pk=kring.pk).exists()


def test_the_service_refuses_to_make_a_staff_account_a_firm_user(maasland_coordinator, firms):
    from django.core.exceptions import ValidationError

    from enterprises import services

    with pytest.raises(ValidationError) as refused:
        services.add_firm_user(enterprise=firms["kring"].enterprise, user=maasland_coordinator, by=None)
    assert refused.value.messages == ["Een medewerkersaccount kan niet voor een sociale-economieonderneming werken."]
    assert not maasland_coordinator.firm_memberships.exists()
