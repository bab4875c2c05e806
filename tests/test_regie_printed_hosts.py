"""Once a regie has issued cheques, its host names may be printed in their QR codes: the platform administrator can
make another name the primary one, but cannot remove a name, in the admin or through the service."""
import html

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from regie.regies.services import update_regie
from tests.factories import RegieFactory, UserFactory
from tests.vouchers_factories import ApplicationFactory, CallFactory
from vouchers import services

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # host names: no date rule
PRINTED = ("old.maasland.example may be printed in the QR codes of this regie's cheques: it stays one of its host "
           "names (another name can become the primary one).")


@pytest.fixture
def maasland():
    return RegieFactory(short_name="maasland", name="Regie Maasland", hosts=["old.maasland.example"])


def issue_a_cheque(regie):
    application = ApplicationFactory(call=CallFactory(regie=regie))
    services.issue_voucher(application=application, by=UserFactory(is_staff=True, regies=[regie]))


def test_without_cheques_a_host_name_can_be_replaced(maasland):
    update_regie(by=None, regie=maasland, changes={}, hosts=["cheque.maasland.example"])
    assert [host.name for host in maasland.hosts.all()] == ["cheque.maasland.example"]


def test_with_cheques_a_host_name_cannot_be_removed_but_another_can_become_primary(maasland, stand_in_cheques):
    issue_a_cheque(maasland)
    with pytest.raises(ValidationError) as refused:
        update_regie(by=None, regie=maasland, changes={}, hosts=["cheque.maasland.example"])
    with translation.override("en"):
        assert refused.value.message_dict["hosts"] == [PRINTED]
    assert [host.name for host in maasland.hosts.all()] == ["old.maasland.example"]  # nothing saved

    update_regie(by=None, regie=maasland, changes={}, hosts=["cheque.maasland.example", "old.maasland.example"])
    assert maasland.primary_host == "cheque.maasland.example" and maasland.hosts.count() == 2


def test_the_admin_says_why_the_name_stays(client, maasland, stand_in_cheques):
    issue_a_cheque(maasland)
    client.force_login(UserFactory(username="platform", is_staff=True, is_superuser=True))
    old = maasland.hosts.get()
    page = client.get(f"/admin/regie/regie/{maasland.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    data = {key: value for key, value in page.context["adminform"].form.initial.items() if value not in (None, "")}
    data.update({"regie-auditevent-content_type-object_id-TOTAL_FORMS": "0",
                 "regie-auditevent-content_type-object_id-INITIAL_FORMS": "0",
                 "hosts-TOTAL_FORMS": "2", "hosts-INITIAL_FORMS": "1", "hosts-0-id": str(old.pk),
                 "hosts-0-regie": str(maasland.pk), "hosts-0-name": old.name, "hosts-0-DELETE": "on",
                 "hosts-1-regie": str(maasland.pk), "hosts-1-name": "cheque.maasland.example",
                 "hosts-1-is_primary": "on"})
    response = client.post(f"/admin/regie/regie/{maasland.pk}/change/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert PRINTED in html.unescape(response.content.decode())
    assert [host.name for host in maasland.hosts.all()] == ["old.maasland.example"]
