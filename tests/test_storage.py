"""Files through Django's STORAGES: on S3-compatible object storage (moto's server as the emulator) the
portal stores and hands out invoices, cheque PDFs and logos exactly as on the local disk."""
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from regie.ops.storage import s3_storages
from tests.factories import FirmMembershipFactory
from tests.redemption_helpers import invoice_pdf, issued_voucher, redeem
from vouchers import links, services

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
BUCKET = "regie-test-files"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:  # wait until the emulator answers
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("moto's S3 server did not start")
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def bucket(s3_server, settings):
    import boto3

    values = {"S3_BUCKET": BUCKET, "S3_ENDPOINT_URL": s3_server, "S3_ACCESS_KEY_ID": "test",
              "S3_SECRET_ACCESS_KEY": "test", "S3_REGION": "eu-west-1"}
    client = boto3.client("s3", endpoint_url=s3_server, aws_access_key_id="test", aws_secret_access_key="test",
                          region_name="eu-west-1")
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    settings.STORAGES = {**settings.STORAGES, **s3_storages(lambda name, default=None: values.get(name, default))}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_invoices_cheques_and_logos_live_in_the_bucket_and_are_handed_out_by_the_portal(bucket, client, staff_user):
    from regie.accounts.groups import COORDINATORS

    membership = FirmMembershipFactory()
    invoice = invoice_pdf().read()
    voucher = issued_voucher()
    redemption = redeem(voucher, membership)
    services.store_cheque_pdf(voucher=voucher)
    image = io.BytesIO()
    Image.new("RGB", (40, 20), "green").save(image, "PNG")
    membership.enterprise.logo.save("logo.png", SimpleUploadedFile("logo.png", image.getvalue()), save=True)

    stored = keys(bucket)
    assert any(k.startswith("private/invoices/") and k.endswith(".pdf") for k in stored)
    assert any(k.startswith("private/cheques/") and k.endswith(f"/{voucher.code}.pdf") for k in stored)
    assert any(k.startswith("media/logos/") for k in stored)

    client.force_login(membership.user)
    firm_copy = client.get(f"/nl/partner/inwisselingen/{redemption.public_id}/factuur.pdf")
    assert b"".join(firm_copy.streaming_content) == invoice
    client.force_login(staff_user(COORDINATORS))
    staff_copy = client.get(f"/admin/vouchers/redemption/{redemption.pk}/factuur/")
    assert b"".join(staff_copy.streaming_content) == invoice
    cheque = client.get(urlsplit(links.applicant_url(voucher.application)).path + "cheque.pdf")
    assert cheque.status_code == 200 and cheque.content.startswith(b"%PDF")
    logo_url = membership.enterprise.logo.url
    assert logo_url.startswith("/media/logos/")
    logo = client.get(logo_url)
    assert logo["Content-Type"] == "image/png" and b"".join(logo.streaming_content) == image.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_every_cheque(tmp_path):
    """README's backup and restore, on a copy: pg_dump, then pg_restore into a new empty database."""
    import pathlib
    import uuid

    from django.db import connection

    from vouchers.models import Voucher

    vouchers = [issued_voucher() for _ in range(3)]
    redeem(vouchers[0], amount="120.00")
    source = connection.settings_dict["NAME"]
    copy = f"restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "portal.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source], check=True)
    subprocess.run(["createdb", copy], check=True)
    try:
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={copy}", str(dump)], check=True)
        env = {**os.environ, "DATABASE_URL": f"postgres:///{copy}", "DJANGO_DEBUG": "true",
               "PORTAL_ENV_FILE": str(tmp_path / "none.env")}
        ledger = subprocess.run([sys.executable, "manage.py", "check_ledger", "-v", "2"], env=env,
                                cwd=pathlib.Path(__file__).parent.parent, capture_output=True, text=True)
        import psycopg2

        with psycopg2.connect(dbname=copy) as restored, restored.cursor() as cursor:
            cursor.execute("SELECT code, balance FROM vouchers_voucher ORDER BY code")
            found = cursor.fetchall()
        restored.close()
    finally:
        subprocess.run(["dropdb", "--if-exists", copy], check=True)
    assert found == sorted(Voucher.objects.values_list("code", "balance"))
    assert len(found) == 3 and ledger.returncode == 0, ledger.stderr
