"""The work queue and my enquiries make the same number of queries for 10 and 1,000 enquiries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enquiries.models import Enquiry

pytestmark = pytest.mark.django_db


def _bulk_enquiries(world, count: int) -> None:
    now = timezone.now()
    start = Enquiry.objects.count()
    Enquiry.objects.bulk_create(
        [
            Enquiry(
                reference=f"ALLA-2026-{start + n:06d}",
                alliance=world.alliance_a,
                year=2026,
                number=start + n,
                requester=world.student_a1,
                requester_university=world.a1,
                opportunity=world.opportunity_a2 if n % 2 else None,
                subject=f"Enquiry {n}",
                queue=world.queue_a1,
                assignee=world.staff_a1 if n % 3 else None,
                status=Enquiry.Status.values[n % 4],
                created_at=now,
                first_response_due=now.date() + dt.timedelta(days=n % 10 - 5),
            )
            for n in range(1, count + 1)
        ],
        batch_size=500,
    )


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("who", "url_name", "params"),
    [
        ("coordinator_a1", "queue:index", {}),
        (
            "coordinator_a1",
            "queue:index",
            {"status": ["new", "open"], "assignee": "anyone", "overdue": "true"},
        ),
        ("office_a", "queue:index", {"q": "Enquiry"}),
        ("coordinator_a2", "queue:index", {"view": "hosted"}),
        ("student_a1", "enquiries:mine", {}),
    ],
)
def test_list_pages_make_a_constant_number_of_queries(client, world, who, url_name, params):
    client.force_login(getattr(world, who))
    url = reverse(url_name)
    _bulk_enquiries(world, 10)
    small = _queries(client, url, params)
    _bulk_enquiries(world, 990)
    assert _queries(client, url, params) == small
