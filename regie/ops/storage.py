"""Where files live: the local disk (default), or S3-compatible object storage when the portal runs on
several hosts (FILE_STORAGE=s3). Either way every file is handed out by the portal itself: private
files (cheque PDFs, invoices) after a permission check, firm logos under /media/ (same origin, so the
Content-Security-Policy stays 'self')."""
from urllib.parse import quote

from storages.backends.s3 import S3Storage


class PublicS3Storage(S3Storage):
    """Public media (firm logos) in the bucket, linked through the portal's own /media/ address."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return "/media/" + quote(name)


class PrivateS3Storage(S3Storage):
    """Private files in the bucket; they never get a public address."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files are handed out by the portal after a permission check, never by URL.")


def s3_storages(env):
    """STORAGES entries for FILE_STORAGE=s3, from the S3_* variables."""
    common = {
        "bucket_name": env("S3_BUCKET"), "endpoint_url": env("S3_ENDPOINT_URL"),
        "region_name": env("S3_REGION", "eu-west-1"), "access_key": env("S3_ACCESS_KEY_ID"),
        "secret_key": env("S3_SECRET_ACCESS_KEY"), "default_acl": None, "file_overwrite": False,
        "querystring_auth": True,
    }
    return {"default": {"BACKEND": "regie.ops.storage.PublicS3Storage", "OPTIONS": {**common, "location": "media"}},
            "private": {"BACKEND": "regie.ops.storage.PrivateS3Storage", "OPTIONS": {**common, "location": "private"}}}
