import os

import pytest
from django.db import connection
from django.utils import translation

from tests.factories import FirmMembershipFactory, RegieFactory, SocialEnterpriseFactory

IN_CI = os.environ.get("CI") == "true"


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests skip elsewhere with a reason; in CI a missing PostgreSQL fails.

    They are concurrency tests, so they count as slow too (CI runs them once, not at every instant).
    """
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(pytest.mark.slow)
    if connection.vendor == "postgresql":
        return
    if IN_CI:
        raise pytest.UsageError("CI=true: the suite must run on PostgreSQL (DATABASE_URL), not on SQLite.")
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL); SQLite has no row locks")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def regie(request, settings):
    """Every test with a database runs as one regie: the test client's host (testserver) and the live server's
    (localhost, 127.0.0.1) are its host names, testserver the primary one, so mailed links read
    http://testserver/... Tests without a database get None."""
    settings.PUBLIC_SCHEME, settings.PUBLIC_PORT, settings.PLATFORM_HOSTS = "http", "", []
    if not (request.node.get_closest_marker("django_db") or DATABASE_FIXTURES & set(request.fixturenames)):
        return None
    request.getfixturevalue("_django_db_helper")
    return RegieFactory(hosts=["testserver", "localhost", "127.0.0.1"])


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


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Uploaded and generated files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": tmp_path / "private", "base_url": "/-/"}},
    }


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """A fresh in-memory cache per test (production shares a database cache between processes)."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture
def staff_user(db):
    """make(group): a staff user in one of the staff groups (Coördinatoren, Financiën)."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    def make(group, **fields):
        user = UserFactory(is_staff=True, **fields)
        user.groups.add(Group.objects.get(name=group))
        return user

    return make


@pytest.fixture(autouse=True)
def axes_off_unless_asked(settings):
    """django-axes needs the request at every authenticate(); tests that test it switch it on."""
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def staff_second_factor_off_unless_asked(settings):
    """Tests log staff in with force_login; the second factor has tests of its own (test_two_factor.py)."""
    settings.STAFF_TWO_FACTOR = False


@pytest.fixture
def stand_in_cheques(monkeypatch):
    """Cheque files that are small stand-ins: these tests need each cheque's stored file to exist (and to go),
    not its layout (tests/test_cheque_pdf.py tests that); rendering the demo's cheques would cost ~2 s a test. The
    demo's remittance advice is a stand-in too (tests/test_remittance_advice.py tests its layout): ~0.5 s a test."""
    monkeypatch.setattr("vouchers.pdf.render_cheque_pdf",
                        lambda voucher: b"%PDF-1.4\n% stand-in for cheque " + voucher.code.encode() + b"\n%%EOF\n")
    monkeypatch.setattr("vouchers.remittance.advice_pdf",
                        lambda payment, language, redemptions=None: b"%PDF-1.4\n% stand-in advice\n%%EOF\n")
