"""The demo data a test gets copied back (tests/support/demo_snapshot.py) is the demo data it would have seeded:
the same rows, the same files, its `regie` pointing at the demo's regie, the database's rules on again, new rows
numbered after the copied ones (also after a test that reset the sequences)."""
import contextlib
import datetime
import hashlib

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from regie.models import AuditEvent, Regie
from tests.clock import at
from tests.demo import seed_demo
from tests.factories import RegieFactory, UserFactory
from tests.support.demo_snapshot import demo_data

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]  # COPY and the triggers switched off: PostgreSQL only


def every_row():
    return {model._meta.label: list(map(repr, model._base_manager.order_by("pk").values()))
            for model in apps.get_models() if model._base_manager.exists()}


def file_paths():
    return [path for folder in (settings.MEDIA_ROOT, settings.STORAGES["private"]["OPTIONS"]["location"])
            for path in folder.rglob("*") if path.is_file()]


def stored_files():
    return {str(path): hashlib.sha256(path.read_bytes()).hexdigest() for path in file_paths()}


def test_the_copied_demo_is_the_seeded_one(request, regie, stand_in_cheques, django_capture_on_commit_callbacks):
    seedings = []

    def seed():
        seedings.append(1)
        with django_capture_on_commit_callbacks(execute=True):
            seed_demo(meetings=False)

    label = f"{__name__} {request.node.name}"  # a label of its own: this process may have seeded the demo before
    with transaction.atomic():
        demo_data(request, label, seed)
        seeded, seeded_files, demo_regie = every_row(), stored_files(), regie.pk
        transaction.set_rollback(True)  # back to what the test started with, as the next test finds it
    assert not Regie.objects.exclude(pk=regie.pk).exists()
    Regie.objects.filter(pk=regie.pk).delete()  # the next test's regie is a row of its own, with another number
    regie.pk = RegieFactory(hosts=["testserver", "localhost", "127.0.0.1"]).pk
    assert regie.pk != demo_regie
    for path in file_paths():
        path.unlink()
    with connection.cursor() as cursor:  # as after a test that resets the sequences
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), 1, false)", [AuditEvent._meta.db_table])

    demo_data(request, label, seed)

    assert len(seedings) == 1  # copied, not seeded again
    assert every_row() == seeded
    assert stored_files() == seeded_files and any(name.endswith(".pdf") for name in seeded_files)
    assert regie.pk == demo_regie and regie.name == Regie.objects.get(pk=demo_regie).name
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"  # the database's rules hold again
    latest = max(AuditEvent.objects.values_list("pk", flat=True))
    assert AuditEvent.objects.create(action="test.after_copy").pk > latest


def test_a_test_with_rows_of_its_own_or_an_hour_later_gets_the_demo_seeded(request, stand_in_cheques,
                                                                           django_capture_on_commit_callbacks):
    seedings = []

    def seed():
        seedings.append(1)
        with django_capture_on_commit_callbacks(execute=True):
            seed_demo(meetings=False)

    def ask(before=contextlib.nullcontext):
        with transaction.atomic(), before():
            demo_data(request, label, seed)
            transaction.set_rollback(True)  # back to what the test started with

    label = f"{__name__} {request.node.name}"
    ask()
    for username in ("a-test's-own", "another-test's-own"):  # rows a copy would wipe, or carry to the next test
        ask(lambda: contextlib.nullcontext(UserFactory(username=username)))  # noqa: B023  (called at once)
    ask(lambda: at(timezone.now() + datetime.timedelta(hours=1)))  # the demo's dates follow the clock
    assert len(seedings) == 4
    ask()
    assert len(seedings) == 4  # the same start in the same hour gets the copy
