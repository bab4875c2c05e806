import os

import pytest
from django.db import connection
from django.utils import translation

from tests.factories import FirmMembershipFactory, SocialEnterpriseFactory

IN_CI = os.environ.get("CI") == "true"


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests skip elsewhere with a reason; in CI a missing PostgreSQL fails."""
    if connection.vendor == "postgresql":
        return
    if IN_CI:
        raise pytest.UsageError("CI=true: the suite must run on PostgreSQL (DATABASE_URL), not on SQLite.")
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL); SQLite has no row locks")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def enterprise(db):
    return SocialEnterpriseFactory()


@pytest.fixture
def firm_user(db, enterprise):
    return FirmMembershipFactory(enterprise=enterprise).user


@pytest.fixture(autouse=True)
def dutch_by_default():
    """Each test starts in Dutch, whatever language an earlier request activated."""
    translation.activate("nl")
    yield
    translation.activate("nl")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
