"""The enquiry page and submitting: what they show, and queries that do not grow with threads or queues."""

import datetime as dt
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from enquiries.models import Attachment, AuditEntry, Enquiry, Message, Queue, QueueMembership, Topic
from enquiries.services import enquiry_submit
from notifications.models import Notification
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _application(world) -> Enquiry:
    return enquiry_submit(
        requester=world.student_a1,
        alliance=world.alliance_a,
        subject="Application",
        message="Please consider me",
        kind=Enquiry.Kind.APPLICATION,
        opportunity=world.opportunity_a2,
    )


def _grow(world, enquiry: Enquiry, count: int) -> None:
    """Add ``count`` messages: answers and internal notes, some with attachments, some removed."""
    start = timezone.now()
    messages = Message.objects.bulk_create(
        Message(
            enquiry=enquiry,
            author=world.student_a1 if n % 2 else world.coordinator_a1,
            visibility=Message.Visibility.INTERNAL if n % 3 == 0 else Message.Visibility.PUBLIC,
            body=f"Message {n}\n\nwith a second paragraph",
            created_at=start + dt.timedelta(minutes=n),
            removed_at=start if n % 7 == 0 else None,
        )
        for n in range(count)
    )
    Attachment.objects.bulk_create(
        Attachment(
            message=message,
            file=f"attachments/test/{message.pk}",
            name=f"form-{message.pk}.pdf",
            content_type="application/pdf",
            size=2048,
        )
        for message in messages[::4]
    )
    AuditEntry.objects.bulk_create(
        AuditEntry(enquiry=enquiry, actor=message.author, action=AuditEntry.Action.REPLIED)
        for message in messages
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(captured)


@pytest.mark.parametrize("person", ["student_a1", "coordinator_a1", "office_a", "coordinator_a2"])
def test_enquiry_page_makes_as_many_queries_for_fifty_messages_as_for_two(client, world, person):
    enquiry = _application(world)
    _grow(world, enquiry, 1)
    client.force_login(getattr(world, person))
    short = _queries(client, enquiry.get_absolute_url())
    _grow(world, enquiry, 50)
    assert _queries(client, enquiry.get_absolute_url()) == short


def test_thread_shows_attachments_under_their_message_and_times_in_the_readers_zone(client, world):
    enquiry = _application(world)
    _grow(world, enquiry, 8)
    client.force_login(world.coordinator_a1)
    page = client.get(enquiry.get_absolute_url()).content.decode()
    paris = ZoneInfo("Europe/Paris")  # coordinator_a1's university, a1
    for message in enquiry.messages.all():
        local = message.created_at.astimezone(paris)
        shown = date_format(local, "DATETIME_FORMAT")
        assert f'datetime="{local.isoformat(timespec="seconds")}">{shown}</time>' in page
    for attachment in Attachment.objects.filter(message__enquiry=enquiry).select_related("message"):
        link = reverse("enquiries:attachment", args=[enquiry.reference, attachment.pk])
        item = page.index(f'<a href="{link}">{attachment.name}</a> (2.0\xa0KB)')
        message = attachment.message
        shown = "This message was removed" if message.removed_at else f"<p>{message.body.splitlines()[0]}</p>"
        assert shown in page[page.rindex('<li class="card', 0, item) : item]  # in its own message's item
    for entry in enquiry.audit_entries.all():
        local = entry.created_at.astimezone(paris)
        shown = date_format(local, "SHORT_DATETIME_FORMAT")
        assert f'<time datetime="{local.isoformat(timespec="seconds")}">{shown}</time>' in page


def test_requester_sees_no_internal_note_nor_its_attachments_in_a_long_thread(client, world):
    enquiry = _application(world)
    _grow(world, enquiry, 30)
    client.force_login(world.student_a1)
    page = client.get(enquiry.get_absolute_url()).content.decode()
    hidden = Message.objects.filter(enquiry=enquiry, visibility=Message.Visibility.INTERNAL)
    assert hidden.exists()
    for message in hidden.filter(removed_at=None):
        assert f"<p>{message.body.splitlines()[0]}</p>" not in page
    for attachment in Attachment.objects.filter(message__in=hidden):
        assert attachment.name not in page


def _submit(client, world):
    return client.post(
        reverse("enquiries:new"),
        {"alliance": world.alliance_a.pk, "topic": Topic.GENERAL, "subject": "Learning agreement",
         "message": "Which courses can I take?"},
    )  # fmt: skip


# Session, person and home university (middleware); the chosen alliance; its queues; the
# reference number; enquiry, first message and audit entry; the queue's members; the savepoint
# of the service's transaction inside the test's; and two batches of notifications (the
# requester's, the members'), each reading the keys taken and the choices, then one insert.
MAX_QUERIES = 22


def test_submission_makes_a_fixed_number_of_queries_whatever_the_queues_members(client, world):
    client.force_login(world.student_a1)
    _submit(client, world)  # the year's first submission creates the reference counter
    with CaptureQueriesContext(connection) as few:
        response = _submit(client, world)
    assert response.status_code == HTTPStatus.FOUND
    queue = Enquiry.objects.latest("pk").queue
    told = Notification.objects.filter(object_key=f"enquiry:{Enquiry.objects.latest('pk').pk}").count()
    for person in UserFactory.create_batch(5):
        QueueMembership.objects.create(queue=queue, user=person)
    with CaptureQueriesContext(connection) as many:
        _submit(client, world)
    assert (
        Notification.objects.filter(object_key=f"enquiry:{Enquiry.objects.latest('pk').pk}").count()
        == told + 5
    )
    assert len(many) == len(few) <= MAX_QUERIES


def test_submission_reads_the_alliances_queues_once_whatever_their_number(client, world):
    client.force_login(world.student_a1)
    _submit(client, world)
    with CaptureQueriesContext(connection) as few:
        _submit(client, world)
    for topic in (Topic.RESEARCH, Topic.EVENTS, Topic.COURSES):
        Queue.objects.create(alliance=world.alliance_a, university=world.a2, topic=topic, name=f"a2 {topic}")
    with CaptureQueriesContext(connection) as many:
        response = _submit(client, world)
    assert response.status_code == HTTPStatus.FOUND
    assert len(many) == len(few)


def test_assignment_offers_each_member_coordinator_and_central_office_person_once(client, world):
    enquiry = enquiry_submit(requester=world.student_a1, alliance=world.alliance_a, subject="S", message="M")
    assert enquiry.queue == world.queue_a1
    departed = UserFactory(email="departed@a1.example", is_active=False)
    QueueMembership.objects.create(queue=world.queue_a1, user=departed)
    client.force_login(world.staff_a1)
    offered = client.get(enquiry.get_absolute_url()).context["assign_form"].fields["assignee"].queryset
    # coordinator_a1 is both a member and the university's coordinator; a2's coordinator is not.
    assert list(offered) == sorted(
        [world.coordinator_a1, world.staff_a1, world.office_a], key=lambda u: (u.display_name, u.email)
    )
