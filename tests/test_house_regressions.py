"""What the regrouping of regie/ (issue 16) must keep working for data made before it."""
import pytest
from django.core.exceptions import ValidationError
from django.utils.module_loading import import_string

from regie.formats.numbers import normalize_enterprise_number

pytestmark = pytest.mark.slow  # no date rule: run once, not at each instant


def test_mail_tasks_queued_before_the_move_still_find_their_task():
    # A production database holds waiting mails and retries queued as regie.tasks.send_mail.
    task = import_string("regie.tasks.send_mail")
    assert task.module_path == "regie.mail.outbox.send_mail"


def test_thousands_of_digits_are_not_an_enterprise_number_but_no_crash_either():
    with pytest.raises(ValidationError) as error:
        normalize_enterprise_number("1" * 5000)
    assert error.value.code == "invalid_length"


@pytest.mark.django_db
def test_the_coordinator_searching_applications_with_an_endless_number_gets_a_list(admin_client):
    response = admin_client.get("/admin/vouchers/application/", {"q": "1" * 5000})
    assert response.status_code == 200
