from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse

from accounts.models import User
from enquiries.models import Attachment, AuditEntry, Enquiry, Message, Queue
from notifications.models import Notification
from opportunities.models import CalendarToken, Opportunity, SavedOpportunity
from tests.privacy.conftest import NAME, file_exists, texts_mentioning

pytestmark = pytest.mark.django_db


@pytest.fixture
def deleted(client, person, django_capture_on_commit_callbacks):
    """The person deletes their account from the page, confirming with their password."""
    assert texts_mentioning(person.needles)  # the scan sees them before
    person.vector_before = str(Opportunity.objects.get(pk=person.opportunity_a1.pk).search_vector)
    client.force_login(person.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:delete"), {"password": "password"})
    person.response = response
    return person


def test_delete_page_asks_for_the_current_password(client, person):
    client.force_login(person.user)
    page = client.get(reverse("privacy:delete"))
    assert page.status_code == HTTPStatus.OK
    assert b'type="password"' in page.content
    assert b'autocomplete="current-password"' in page.content


def test_wrong_password_deletes_nothing(client, person):
    client.force_login(person.user)
    response = client.post(reverse("privacy:delete"), {"password": "not-my-password"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.context["form"].errors.as_data()["password"][0].code == "password_incorrect"
    assert User.objects.filter(pk=person.user.pk).exists()


def test_missing_password_is_a_clear_4xx(client, person):
    client.force_login(person.user)
    response = client.post(reverse("privacy:delete"), {})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.context["form"].errors.as_data()["password"][0].code == "required"


def test_deleting_signs_out_with_a_message(client, deleted):
    assert deleted.response.status_code == HTTPStatus.FOUND
    assert deleted.response.url == reverse("home")
    assert [str(m) for m in get_messages(deleted.response.wsgi_request)] == [
        "Your account and your personal data have been deleted."
    ]
    assert not User.objects.filter(pk=deleted.user.pk).exists()
    profile = client.get(reverse("accounts:profile"))
    assert reverse("account_login") in profile.url


def test_no_text_of_any_model_names_the_deleted_person(deleted):
    assert texts_mentioning(deleted.needles) == []


def test_their_rows_are_gone(deleted):
    user_id = deleted.user.pk
    assert not Notification.objects.filter(recipient_id=user_id).exists()
    assert not SavedOpportunity.objects.filter(user_id=user_id).exists()
    assert not CalendarToken.objects.filter(user_id=user_id).exists()
    assert not Message.objects.filter(author_id=user_id).exists()
    assert not AuditEntry.objects.filter(actor_id=user_id).exists()
    assert Queue.objects.get(pk=deleted.world.queue_a1.pk).contact_email == ""


def test_their_enquiry_stays_for_the_queue_anonymised(client, deleted):
    enquiry = Enquiry.objects.get(pk=deleted.own.pk)
    assert enquiry.requester_id is None
    assert enquiry.subject == ""
    assert enquiry.status == Enquiry.Status.WITHDRAWN
    assert enquiry.requester_university == deleted.world.a1
    messages = list(enquiry.messages.order_by("created_at", "pk"))
    own = [m for m in messages if m.removed_at is not None]
    assert len(own) == 2
    assert all(m.body == "" for m in own)
    assert "Dear […], which dates?" in [m.body for m in messages]
    assert "Internal: office B thinks the visit is too late." in [m.body for m in messages]
    assert enquiry.audit_entries.filter(action=AuditEntry.Action.REQUESTER_ERASED, actor=None).exists()

    client.force_login(deleted.world.office_b)
    queue = client.get(reverse("queue:index"), {"status": "withdrawn"})
    assert enquiry.reference.encode() in queue.content
    page = client.get(enquiry.get_absolute_url())
    assert page.status_code == HTTPStatus.OK
    assert b"This message was removed to protect personal data." in page.content
    assert b"Subject removed to protect personal data" in page.content


def test_their_documents_are_deleted_from_storage(deleted):
    assert not Attachment.objects.filter(pk=deleted.own_attachment.pk).exists()
    assert not file_exists(deleted.own_attachment.file.name)
    # What they sent as staff is the university's record: kept, without their name.
    assert Attachment.objects.filter(pk=deleted.staff_attachment.pk).exists()
    assert file_exists(deleted.staff_attachment.file.name)


def test_enquiries_they_handled_return_to_their_queue(deleted):
    handled = Enquiry.objects.get(pk=deleted.handled.pk)
    assert handled.assignee_id is None
    assert handled.status == Enquiry.Status.NEW
    reply = Message.objects.get(pk=deleted.staff_reply.pk)
    assert reply.body == "Yes. […], coordinator"
    assert reply.author_id is None


def test_opportunity_texts_lose_their_name_in_the_search_too(deleted):
    opportunity = Opportunity.objects.get(pk=deleted.opportunity_a1.pk)
    assert opportunity.description == "Ask […] ([…]) about the lab."
    if connection.vendor == "postgresql":
        assert "quillfeath" in deleted.vector_before.casefold()
        assert "quillfeath" not in str(opportunity.search_vector).casefold()
        assert "zephyrin" not in str(opportunity.search_vector).casefold()


def test_privacy_page_is_public_after_deletion(client, deleted):
    assert client.get(reverse("privacy:notice")).status_code == HTTPStatus.OK
    assert NAME.encode() not in client.get(reverse("home")).content
