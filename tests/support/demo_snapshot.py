"""The demo data seeded once per test process and copied back for every later test that starts from it (PostgreSQL).

Seeding the demo goes through every service (audit rows, cheque files, a second regie's logo) and takes 3-9 s; about
a hundred tests start from it, so the suite spent some eight minutes of its two cores seeding the same rows. A fixture
that starts from the demo calls `demo_data(request, label, seed)`:
- the first time in a process (per label, and per hour and day, as the demo's dates follow the clock), `seed()` runs
  as before and what it left is kept: every table's rows (PostgreSQL's COPY), the sequences, the stored files;
- after that, the kept rows and files are copied back, which takes a fraction of a second.

A copy only goes into a database that holds what every test starts with: Django's own bookkeeping (content types,
permissions, the staff groups) and the test's regie with its host names (tests/conftest.py). A test that made rows of
its own first gets the demo seeded, as before. The test's `regie` is pointed at the copied regie row; sequences only
move forward, so rows made afterwards never take a kept row's number. Copying needs PostgreSQL and a superuser (the
triggers are off while the rows go in, as with pg_restore); elsewhere every test seeds.
"""
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from regie.models import Regie, RegieHost


@dataclass(frozen=True)
class Snapshot:
    rows: dict[str, bytes]  # table -> its rows in COPY's text format
    sequences: dict[str, int]  # sequence -> its last value
    files: Path  # media/ and private/ as seeding left them
    regie_pk: int


_kept: dict[tuple, Snapshot] = {}


def demo_data(request, label, seed):
    """Run `seed()`, or copy back what it left the first time this process ran it under `label` this hour."""
    starting_rows = _starting_rows() if _can_copy() else None
    if starting_rows is None:
        seed()
        return
    now = timezone.now()
    key = (label, now.strftime("%Y-%m-%d %H"), timezone.localdate(now), starting_rows)
    if key in _kept:
        _restore(_kept[key], request, [table for table, _count in starting_rows])
    else:
        seed()
        _kept[key] = _take(request)


def _can_copy():
    """PostgreSQL, as a superuser (the role .ci/run makes): only one may switch the triggers off."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('is_superuser') = 'on'")
        return cursor.fetchone()[0]


def _starting_tables():
    return {model._meta.db_table for model in (ContentType, Permission, Group, Group.permissions.through, Regie,
                                               RegieHost)}


def _tables(cursor):
    return [table for table in connection.introspection.table_names(cursor) if table != "django_migrations"]


def _starting_rows():
    """((table, rows), ...) of the tables that hold rows, or None if one outside what every test starts with does."""
    with connection.cursor() as cursor:
        tables = _tables(cursor)
        cursor.execute(" UNION ALL ".join(f"SELECT %s, count(*) FROM {connection.ops.quote_name(table)}"
                                          for table in tables), tables)
        counts = tuple(sorted((table, count) for table, count in cursor.fetchall() if count))
    return counts if {table for table, _count in counts} <= _starting_tables() else None


def _take(request):
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables(cursor):
            buffer = io.BytesIO()
            cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} TO STDOUT", buffer)
            if buffer.getvalue():
                rows[table] = buffer.getvalue()
        cursor.execute("SELECT quote_ident(sequencename), last_value FROM pg_sequences "
                       "WHERE schemaname = current_schema() AND last_value IS NOT NULL")
        sequences = dict(cursor.fetchall())
    files = request.getfixturevalue("tmp_path_factory").mktemp("demo-snapshot")
    for name, folder in _folders().items():
        if folder.is_dir():
            shutil.copytree(folder, files / name)
    return Snapshot(rows=rows, sequences=sequences, files=files, regie_pk=request.getfixturevalue("regie").pk)


def _restore(snapshot, request, starting_tables):
    """Replace the starting rows with the kept ones, as pg_restore does: with the triggers (foreign keys, the
    database's rules) off while the rows go in, as they held when the rows were made."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table in starting_tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        cursor.execute("SET session_replication_role = replica")  # undone with the transaction if a COPY fails
        for table, data in snapshot.rows.items():
            cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} FROM STDIN", io.BytesIO(data))
        cursor.execute("SET session_replication_role = origin")
        if snapshot.sequences:
            cursor.execute("SELECT " + ", ".join(f"setval('{name}', GREATEST(%s, (SELECT last_value FROM {name})))"
                                                 for name in snapshot.sequences), list(snapshot.sequences.values()))
    for name, folder in _folders().items():
        if (snapshot.files / name).is_dir():
            shutil.copytree(snapshot.files / name, folder, dirs_exist_ok=True)
    ContentType.objects.clear_cache()  # the kept rows may number the content types differently
    request.addfinalizer(ContentType.objects.clear_cache)  # and the test's rollback brings the earlier ones back
    cache.clear()  # a host's regie, the catalogue's version
    regie = request.getfixturevalue("regie")
    regie.pk = snapshot.regie_pk
    regie.refresh_from_db()


def _folders():
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.STORAGES["private"]["OPTIONS"]["location"])}
