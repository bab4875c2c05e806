"""While the database is away (PostgreSQL restarting or stopped), every request gets a short 503 page in
its reader's language with Retry-After, instead of a 500 and an error with its traceback per request.
Each process logs one line when the outage starts and one when a request reaches the database again.

The page is made without the database: no session, no user, no context processors. A database error in
a view reaches `DatabaseOutageMiddleware.process_exception`; one in another middleware (session, user,
second factor) reaches Django's 500 handler, `server_error` here, which answers the same 503.
"""
import logging
import sqlite3
import sys
import threading
import time

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from regie.web import views

logger = logging.getLogger(__name__)
RETRY_AFTER = 30  # seconds: a PostgreSQL restart takes a few
AWAY_CODES = ("57P01", "57P02", "57P03")  # PostgreSQL: admin shutdown, crash shutdown, cannot connect now
SQLITE_AWAY = ("unable to open database file", "disk I/O error", "database is locked")

_lock = threading.Lock()
_outage_since = None  # time.monotonic() of this process's first failed request, while the database is away


def database_is_away(error):
    """True when `error` says the database cannot be reached (not a deadlock, a timeout or a bad query)."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    if code:
        return code.startswith("08") or code in AWAY_CODES  # class 08: connection exception
    if isinstance(cause, sqlite3.Error):
        return any(text in str(cause) for text in SQLITE_AWAY)
    return True  # an error of the client library itself: no server answered


def unavailable(request, error):
    """The 503 page in the language of the address (else the reader's cookie or browser), logged once."""
    _outage_started(error)
    language = translation.get_language_from_request(request, check_path=True)
    with translation.override(language):
        page = render_to_string("503.html")  # no request: no context processor runs
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    response.database_outage = True
    response._has_been_logged = True  # django.request logs no error per request: one line per outage
    return response


def _outage_started(error):
    global _outage_since
    with _lock:
        if _outage_since is not None:
            return
        _outage_since = time.monotonic()
    reason = str(error).strip() or type(error).__name__
    logger.error("Database unavailable (%s): answering 503 until it is back", reason)


def _database_reached():
    """After a request, during an outage: is this process's connection open and answering again?"""
    connection = connections[DEFAULT_DB_ALIAS]
    return connection.connection is not None and connection.is_usable()


def _outage_over():
    global _outage_since
    with _lock:
        if _outage_since is None:
            return
        seconds, _outage_since = time.monotonic() - _outage_since, None
    logger.warning("Database back after %.0f s", seconds)


class DatabaseOutageMiddleware:
    """Turns a view's database outage into the 503 page and notices when the database is back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _outage_since is not None and not getattr(response, "database_outage", False) and _database_reached():
            _outage_over()
        return response

    def process_exception(self, request, exception):
        return unavailable(request, exception) if database_is_away(exception) else None


def server_error(request):
    """Django's 500 handler: the outage page when the error is the database being away, else the 500 page."""
    error = sys.exc_info()[1]
    if database_is_away(error):
        return unavailable(request, error)
    return views.server_error(request)
