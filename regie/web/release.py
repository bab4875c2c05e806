"""What the code that renders a page is: a short token that changes with any change to the portal's Python code,
templates, translations or stylesheets. Pages that answer a conditional GET (an ETag) put it in their tag, so a
browser never keeps a page that a new release renders differently. Read once per process, the same on every host
that runs the same release."""
import functools
import hashlib

from django.conf import settings

PARTS = ("regie", "enterprises", "vouchers", "networking", "templates", "locale", "static/css")
SUFFIXES = {".py", ".html", ".txt", ".mo", ".css"}


@functools.cache
def token() -> str:
    digest = hashlib.sha256()
    for part in PARTS:
        for path in sorted((settings.BASE_DIR / part).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
