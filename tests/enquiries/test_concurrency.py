"""Concurrent requests on PostgreSQL: references stay unique and sequential, actions apply once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from enquiries.models import AuditEntry, Enquiry
from enquiries.services import enquiry_submit, enquiry_transition
from tests.enquiries.conftest import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL"),
]


def _in_threads(count: int, work):
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        try:
            return work(i)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_fifty_concurrent_submissions_get_fifty_sequential_references(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "enquiry_submission": None}
    world = World()
    requesters = [world.student_a1, world.outsider]

    def submit(i):
        return enquiry_submit(
            requester=requesters[i % 2], alliance=world.alliance_a, subject=f"S{i}", message="M"
        ).reference

    references = _in_threads(50, submit)
    year = Enquiry.objects.first().year
    assert sorted(references) == [f"ALLA-{year}-{n:06d}" for n in range(1, 51)]


def test_double_submitted_status_change_applies_once():
    world = World()
    enquiry = enquiry_submit(requester=world.student_a1, alliance=world.alliance_a, subject="S", message="M")

    def resolve(_):
        try:
            enquiry_transition(enquiry=enquiry, to=Enquiry.Status.RESOLVED, by=world.coordinator_a1)
            return "done"
        except ValidationError:
            return "refused"

    assert sorted(_in_threads(2, resolve)) == ["done", "refused"]
    assert enquiry.audit_entries.filter(action=AuditEntry.Action.STATUS).count() == 1
