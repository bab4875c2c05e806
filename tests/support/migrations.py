"""Tests that run a data migration: migrate to a point, and back to the whole schema afterwards."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from regie.models import Regie


def migrate(targets):
    """Migrate to `targets` [(app, migration)] and return the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_migrations():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the other tests expect the whole schema


@pytest.fixture
def without_the_tests_regie():
    """For a test that migrates the calls back to before regies and forward again (the regie table stays): the
    database without the test's regie (tests/conftest.py), which the migration to regies would meet as a second
    "zuidoost" when it makes regie 1."""
    Regie.objects.all().delete()  # the test's regie owns nothing yet
