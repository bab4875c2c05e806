"""Registrations for a networking moment under concurrency (PostgreSQL only: SQLite has no row locks).

A meeting of 1,500 places with 1,000 taken; eight worker processes (as benchmarks/redemptions.py, each with its
own connection) register 800 distinct addresses through register_business at once: 500 get the last places, 300
land on the waiting list. Every registration locks the meeting's row, so they queue on that one lock.

- meeting.register.per_second: registrations through the service (their mails queued as in production).
- meeting.register.over_capacity: places given beyond the capacity (must be 0).
"""
import datetime

from django.db import connection
from django.utils import timezone

from benchmarks.redemptions import WORKERS, in_processes
from benchmarks.regies import bench_regie
from networking.models import Meeting, Registration
from networking.services import register_business

CAPACITY, TAKEN, NEW = 1500, 1000, 800


def _meeting():
    start = timezone.now() + datetime.timedelta(days=30)
    meeting = Meeting.objects.create(
        regie=bench_regie(), slug=f"bench-netwerkmoment-{timezone.now():%H%M%S%f}", title_nl="Bench", text_nl="x",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3), registration_closes_at=start - datetime.timedelta(days=1),
        place_name="Zaal", street="Markt 1", postcode="3700", city="Tongeren", capacity=CAPACITY, is_published=True)
    Registration.objects.bulk_create([
        Registration(meeting=meeting, kind="business", status="registered", contact_name=f"Contact {i}",
                     company_name=f"Bedrijf {i}", email=f"vooraf{i}@bench.example") for i in range(TAKEN)])
    return meeting


def _worker(job):
    """In a child process: register each address; returns how many were stored."""
    meeting_id, emails = job
    meeting = Meeting.objects.get(pk=meeting_id)
    for email in emails:
        register_business(meeting=meeting, contact_name="Bench Contact", company_name="Bench bv", email=email,
                          language="nl", looking_for="Catering voor ons personeelsfeest.")
    connection.close()
    return len(emails)


def run():
    engine = connection.vendor
    if engine != "postgresql":
        print("meeting.*: skipped, needs PostgreSQL (set DATABASE_URL=postgres:///regie)")
        return {"meeting.database": {"value": engine, "unit": "engine"}}
    meeting = _meeting()
    emails = [f"bench{i}@bedrijf.example" for i in range(NEW)]
    stored, seconds = in_processes(_worker, [(meeting.pk, emails[i::WORKERS]) for i in range(WORKERS)])
    registered = meeting.registrations.registered().count()
    assert stored == NEW and meeting.registrations.count() == TAKEN + NEW
    return {"meeting.register.per_second": {"value": round(stored / seconds, 1), "unit": "registrations/s"},
            "meeting.register.over_capacity": {"value": max(0, registered - CAPACITY), "unit": "registrations"}}
