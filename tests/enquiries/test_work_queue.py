"""The work queue page: its counts, its pages, its text search, and what a row shows."""

import datetime as dt
from http import HTTPStatus
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enquiries.filters import WorkQueueFilter
from enquiries.models import Enquiry
from enquiries.selectors import work_queue
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

STATUSES = ["new", "open", "waiting", "resolved", "closed", "withdrawn"]
KINDS = ["question", "interest", "application"]


def _enquiries(world, count: int, *, requester=None, subject="Enquiry {n}") -> list[Enquiry]:
    """``count`` enquiries of queue a1 with every status, kind and assignment, and many equal dates."""
    now = timezone.now()
    start = Enquiry.objects.count()
    return Enquiry.objects.bulk_create(
        [
            Enquiry(
                reference=f"ALLA-2026-{start + n:06d}",
                alliance=world.alliance_a,
                year=2026,
                number=start + n,
                requester=requester or world.student_a1,
                requester_university=world.a1,
                subject=subject.format(n=n),
                queue=world.queue_a1,
                kind=KINDS[n % 3],
                status=STATUSES[n % 6],
                priority=1 + n % 3,
                assignee=world.staff_a1 if n % 4 else None,
                # Few distinct dates, so that the order has to fall back on the later keys.
                created_at=now - dt.timedelta(hours=n % 5),
                first_response_due=now.date() + dt.timedelta(days=n % 7 - 3),
            )
            for n in range(1, count + 1)
        ]
    )


def _page(client, **params):
    response = client.get(reverse("queue:index"), params)
    return response, [enquiry.pk for enquiry in response.context["page"]]


def _expected(world, user, params) -> list[int]:
    """The enquiries the filters select, in their order, read in one plain query."""
    request = type("Request", (), {"user": user})()
    data = QueryDict(urlencode(params, doseq=True))
    return list(
        WorkQueueFilter(data, queryset=work_queue(user), request=request).qs.values_list("pk", flat=True)
    )


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"ordering": "newest"},
        {"ordering": "oldest", "kind": "question"},
        {"ordering": "priority", "status": ["new", "closed"]},
        {"status": ["new", "open"], "kind": "question", "ordering": "due"},
        {"assignee": "unassigned"},
        {"assignee": "me", "status": "open"},
        {"overdue": "true"},
    ],
)
def test_pages_show_every_selected_enquiry_once_in_the_chosen_order(client, world, params):
    _enquiries(world, 80)
    client.force_login(world.staff_a1)
    expected = _expected(world, world.staff_a1, params)
    shown, number, last = [], 1, 1
    while number <= last:
        response, keys = _page(client, **params, page=number)
        assert response.status_code == HTTPStatus.OK
        assert response.context["page"].paginator.count == len(expected)
        shown += keys
        number, last = number + 1, response.context["page"].paginator.num_pages
    assert shown == expected


def test_counts_per_status_follow_the_other_filters_and_add_up_to_the_total(client, world):
    _enquiries(world, 60)
    client.force_login(world.coordinator_a1)
    response, _ = _page(client, kind="question", status=["new", "open"])
    counts = {value: count for value, _label, count in response.context["status_counts"]}
    questions = Enquiry.objects.filter(queue=world.queue_a1, kind="question")
    assert counts == {status: questions.filter(status=status).count() for status in STATUSES}
    assert response.context["page"].paginator.count == counts["new"] + counts["open"]
    assert f"{counts['new'] + counts['open']} enquiries" in response.content.decode()


def test_a_status_chosen_twice_is_counted_once(client, world):
    _enquiries(world, 30)
    client.force_login(world.coordinator_a1)
    response, keys = _page(client, status=["new", "new"])
    assert response.context["page"].paginator.count == len(keys) == 5


def test_an_unknown_status_is_refused_and_every_status_counted(client, world):
    _enquiries(world, 30)
    client.force_login(world.coordinator_a1)
    response, _ = _page(client, status="lost")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.context["page"].paginator.count == 30


def test_a_page_past_the_last_shows_the_last(client, world):
    _enquiries(world, 30)
    client.force_login(world.coordinator_a1)
    response, keys = _page(client, page=99)
    assert response.context["page"].number == 2
    assert keys == _expected(world, world.coordinator_a1, {})[25:]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("alla-2026-000002", {2}),  # a reference, in any case
        ("CHEAP FLIGHT", {3}),  # part of a subject, in any case
        ("maria.papadopoulou", {4}),  # part of the requester's e-mail address
        ("papadopoulou", {4}),
        ("Georgiou", {5}),  # part of the requester's name
        ("nowhere to be found", set()),
    ],
)
def test_text_search_finds_reference_subject_and_requester(client, world, text, found):
    maria = UserFactory(email="maria.papadopoulou@a1.example", display_name="Maria P.")
    eleni = UserFactory(email="eleni@a1.example", display_name="Eleni Georgiou")
    _enquiries(world, 3)
    [cheap] = Enquiry.objects.filter(subject="Enquiry 3")
    cheap.subject = "Looking for a cheap flight"
    cheap.save()
    _enquiries(world, 1, requester=maria, subject="From Maria")
    _enquiries(world, 1, requester=eleni, subject="From Eleni")
    numbers = {enquiry.pk: enquiry.number for enquiry in Enquiry.objects.all()}
    client.force_login(world.coordinator_a1)
    response, keys = _page(client, q=text)
    assert {numbers[key] for key in keys} == found
    assert response.context["page"].paginator.count == len(found)


def test_text_search_keeps_to_the_queues_and_the_other_filters(client, world):
    _enquiries(world, 12, subject="Visa question {n}")
    elsewhere = _enquiries(world, 1, subject="Visa elsewhere")[0]
    elsewhere.queue = world.queue_a2
    elsewhere.save()
    client.force_login(world.coordinator_a1)
    response, keys = _page(client, q="visa", status="new")
    assert set(keys) == set(
        Enquiry.objects.filter(queue=world.queue_a1, status="new").values_list("pk", flat=True)
    )
    counts = {value: count for value, _label, count in response.context["status_counts"]}
    assert sum(counts.values()) == 12


def test_hosted_view_searches_too(client, world):
    enquiries = _enquiries(world, 2, subject="Summer school {n}")
    Enquiry.objects.filter(pk=enquiries[0].pk).update(opportunity=world.opportunity_a2)
    client.force_login(world.coordinator_a2)
    response, keys = _page(client, view="hosted", q="summer")
    assert response.status_code == HTTPStatus.OK
    assert keys == [enquiries[0].pk]


def test_a_row_shows_the_enquiry_in_the_readers_words(client, world):
    [enquiry] = _enquiries(world, 1)
    Enquiry.objects.filter(pk=enquiry.pk).update(
        subject="",
        requester=None,
        requester_university=None,
        assignee=None,
        status="new",
        first_response_due=dt.date(2020, 1, 31),
        opportunity=world.opportunity_a2,
    )
    client.force_login(world.coordinator_a1)
    page = client.get(reverse("queue:index")).content.decode()
    row = page[page.index("<tbody>") : page.index("</tbody>")]
    assert f'href="{enquiry.get_absolute_url()}">{enquiry.reference}</a>' in row
    assert f'aria-label="Select {enquiry.reference}"' in row
    assert "Subject removed to protect personal data" in row
    assert world.opportunity_a2.title in row
    assert "Former user" in row
    assert "No member university" in row
    assert '<time datetime="2020-01-31">01/31/2020</time>' in row
    assert "Overdue" in row
    assert '<span class="badge status-new">New</span>' in row
    assert " ago</td>" in row
    assert "<td>—</td>" in row


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("queue:index"), params).status_code == HTTPStatus.OK
    return len(captured)


@pytest.mark.parametrize(
    "params",
    [
        {"status": ["new", "open", "closed"], "kind": ["question", "interest"]},
        {"q": "Enquiry"},
        {"ordering": "priority"},
    ],
)
def test_every_page_of_the_work_queue_makes_the_same_queries(client, world, params):
    _enquiries(world, 120)  # 60 enquiries (three pages) for the first filters
    client.force_login(world.coordinator_a1)
    first = _queries(client, {**params, "page": 1})
    assert _queries(client, {**params, "page": 3}) == first


def test_work_queue_counts_its_enquiries_once(client, world):
    """The total comes from the counts per status: no second count over the same enquiries."""
    _enquiries(world, 30)
    client.force_login(world.coordinator_a1)
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("queue:index"), {"status": "open"})
    counting = [q["sql"] for q in captured if "COUNT(" in q["sql"] and '"enquiries_enquiry"' in q["sql"]]
    assert len(counting) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
def test_text_search_has_trigram_indexes_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexdef LIKE %s", ["%USING gin (upper(%gin_trgm_ops)"]
        )
        names = {row[0] for row in cursor.fetchall()}
    assert {"enq_subject_trgm", "user_email_trgm", "user_display_name_trgm"} <= names
