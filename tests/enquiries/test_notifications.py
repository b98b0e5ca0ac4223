"""Who is told of what happens to an enquiry, how, and in which language."""

from unittest import mock

import pytest
from django.db import transaction
from django.utils import formats, translation

from enquiries import notices
from enquiries.models import Enquiry
from enquiries.services import (
    enquiry_assign,
    enquiry_forward,
    enquiry_note,
    enquiry_record_outcome,
    enquiry_reply,
    enquiry_submit,
    enquiry_transition,
)
from notifications.models import Category, Delivery, Notification
from notifications.services import preferences_save

pytestmark = pytest.mark.django_db
Status = Enquiry.Status
Email = Notification.EmailStatus


def _submit(world, requester=None, **kwargs) -> Enquiry:
    kwargs.setdefault("subject", "Learning agreement")
    return enquiry_submit(
        requester=requester or world.student_a1, alliance=world.alliance_a, message="Hello", **kwargs
    )


def _told(enquiry: Enquiry, event: str) -> dict:
    """Recipient → (category, e-mail status) of the notifications of one event about ``enquiry``."""
    return {
        n.recipient: (n.category, n.email_status)
        for n in Notification.objects.filter(object_key=f"enquiry:{enquiry.pk}", event=f"enquiry.{event}")
    }


def _only(enquiry: Enquiry, event: str, user) -> Notification:
    return Notification.objects.get(
        object_key=f"enquiry:{enquiry.pk}", event=f"enquiry.{event}", recipient=user
    )


# Received


def test_submission_acknowledges_to_the_requester_and_tells_the_queue_members(world):
    enquiry = _submit(world)

    assert _told(enquiry, "received") == {world.student_a1: (Category.MY_ENQUIRIES, Email.PENDING)}
    assert _told(enquiry, "received_queue") == {
        world.coordinator_a1: (Category.QUEUE_ACTIVITY, Email.PENDING),
        world.staff_a1: (Category.QUEUE_ACTIVITY, Email.PENDING),
    }
    assert Notification.objects.count() == 3


def test_acknowledgement_gives_reference_handler_and_expected_answer_date(world):
    enquiry = _submit(world)

    ack = _only(enquiry, "received", world.student_a1)
    due = formats.date_format(enquiry.first_response_due, "DATE_FORMAT")
    assert enquiry.reference in ack.subject
    for body in (ack.body_text, ack.body_html):
        assert enquiry.reference in body
        assert "Your local ALLA coordinator at University a1" in body
        assert f"You can expect a first answer by {due}." in body
    assert (ack.link, ack.object_key) == (enquiry.get_absolute_url(), f"enquiry:{enquiry.pk}")
    assert ack.dedup_key == f"enquiry:{enquiry.pk}:received:to:{world.student_a1.pk}"


def test_acknowledgement_names_the_central_office_when_it_handles_the_enquiry(world):
    enquiry = _submit(world, requester=world.outsider)

    assert "The ALLA central office" in _only(enquiry, "received", world.outsider).body_text
    assert set(_told(enquiry, "received_queue")) == {world.office_a}


def test_a_requester_who_is_also_a_queue_member_gets_only_the_acknowledgement(world):
    enquiry = _submit(world, requester=world.staff_a1)

    assert set(_told(enquiry, "received")) == {world.staff_a1}
    assert set(_told(enquiry, "received_queue")) == {world.coordinator_a1}


def test_text_part_is_not_html_escaped_and_html_part_is(world):
    enquiry = _submit(world, subject="Can't <attend>")

    notice = _only(enquiry, "received_queue", world.staff_a1)
    assert "Can't <attend>" in notice.subject
    assert "Can't <attend>" in notice.body_text
    assert "Can&#x27;t &lt;attend&gt;" in notice.body_html


def test_events_are_written_once_whatever_the_repetitions(world):
    enquiry = _submit(world)

    notices.enquiry_received(enquiry)

    assert Notification.objects.count() == 3


# Assigned


def test_assignment_tells_the_new_assignee_and_not_the_person_who_assigned(world):
    enquiry = _submit(world)

    enquiry_assign(enquiry=enquiry, assignee=world.staff_a1, by=world.coordinator_a1)

    assert _told(enquiry, "assigned") == {world.staff_a1: (Category.QUEUE_ACTIVITY, Email.PENDING)}
    assert _told(enquiry, "status") == {}  # becoming open is no news for the requester


def test_taking_an_enquiry_oneself_tells_nobody(world):
    enquiry = _submit(world)

    enquiry_assign(enquiry=enquiry, assignee=world.staff_a1, by=world.staff_a1)

    assert _told(enquiry, "assigned") == {}


def test_each_assignment_is_told_even_to_the_same_person_again(world):
    enquiry = _submit(world)
    enquiry_assign(enquiry=enquiry, assignee=world.staff_a1, by=world.coordinator_a1)
    enquiry_assign(enquiry=enquiry, assignee=None, by=world.coordinator_a1)
    enquiry_assign(enquiry=enquiry, assignee=world.staff_a1, by=world.coordinator_a1)

    assert Notification.objects.filter(event="enquiry.assigned", recipient=world.staff_a1).count() == 2


# Replies and notes


def test_staff_reply_tells_the_requester_only(world):
    enquiry = _submit(world)

    enquiry_reply(enquiry=enquiry, by=world.staff_a1, body="Here you are", ask=True)

    assert _told(enquiry, "reply") == {world.student_a1: (Category.MY_ENQUIRIES, Email.PENDING)}
    assert _told(enquiry, "reply_queue") == {}
    assert _told(enquiry, "status") == {}
    reply = _only(enquiry, "reply", world.student_a1)
    assert "please reply in Mobility Hub" in reply.body_text  # waiting for them, in plain words
    assert reply.dedup_key == f"message:{enquiry.messages.last().pk}:to:{world.student_a1.pk}"


def test_requester_reply_tells_the_assignee_only(world):
    enquiry = _submit(world)
    enquiry_assign(enquiry=enquiry, assignee=world.staff_a1, by=world.staff_a1)

    enquiry_reply(enquiry=enquiry, by=world.student_a1, body="Thanks")

    assert _told(enquiry, "reply_queue") == {world.staff_a1: (Category.QUEUE_ACTIVITY, Email.PENDING)}
    assert _told(enquiry, "reply") == {}


def test_requester_reply_without_assignee_tells_the_queue_members(world):
    enquiry = _submit(world)

    enquiry_reply(enquiry=enquiry, by=world.student_a1, body="More details")

    assert set(_told(enquiry, "reply_queue")) == {world.coordinator_a1, world.staff_a1}


def test_internal_note_tells_other_staff_and_assignee_in_app_never_author_or_requester(world):
    enquiry = _submit(world)
    enquiry_assign(enquiry=enquiry, assignee=world.office_a, by=world.office_a)

    enquiry_note(enquiry=enquiry, by=world.coordinator_a1, body="Check the transcript")

    in_app = (Category.INTERNAL_NOTES, Email.IN_APP)
    assert _told(enquiry, "note") == {world.staff_a1: in_app, world.office_a: in_app}


def test_host_note_on_an_application_tells_the_home_queue(world):
    application = _submit(world, opportunity=world.opportunity_a2, kind=Enquiry.Kind.APPLICATION)

    enquiry_note(enquiry=application, by=world.coordinator_a2, body="Met her at the fair")

    assert set(_told(application, "note")) == {world.coordinator_a1, world.staff_a1}


# Status


def test_staff_status_change_tells_the_requester_in_plain_words(world):
    enquiry = _submit(world)

    enquiry_transition(enquiry=enquiry, to=Status.RESOLVED, by=world.coordinator_a1)

    assert _told(enquiry, "status") == {world.student_a1: (Category.MY_ENQUIRIES, Email.PENDING)}
    notice = _only(enquiry, "status", world.student_a1)
    assert "Resolved" in notice.subject
    assert "you can reopen it within 7 days" in notice.body_text
    change = enquiry.audit_entries.last()
    assert notice.dedup_key == f"enquiry:{enquiry.pk}:status:{change.pk}:to:{world.student_a1.pk}"


def test_requester_changing_the_status_is_told_nothing(world):
    enquiry = _submit(world)

    enquiry_transition(enquiry=enquiry, to=Status.WITHDRAWN, by=world.student_a1)

    assert _told(enquiry, "status") == {}


def test_status_change_by_the_reminder_pass_is_left_to_its_own_notice(world):
    enquiry = _submit(world)

    enquiry_transition(enquiry=enquiry, to=Status.CLOSED, by=None)

    assert _told(enquiry, "status") == {}


# Forwarded and outcome


def test_forward_tells_the_requester_who_handles_it_now_and_the_new_queue(world):
    enquiry = _submit(world)
    enquiry_assign(enquiry=enquiry, assignee=world.staff_a1, by=world.staff_a1)

    enquiry_forward(enquiry=enquiry, queue=world.queue_a2, reason="Host university", by=world.staff_a1)

    assert _told(enquiry, "forwarded") == {world.student_a1: (Category.MY_ENQUIRIES, Email.PENDING)}
    assert _told(enquiry, "forwarded_queue") == {
        world.coordinator_a2: (Category.QUEUE_ACTIVITY, Email.PENDING)
    }
    assert (
        "Your local ALLA coordinator at University a2"
        in _only(enquiry, "forwarded", world.student_a1).body_text
    )
    assert "Host university" in _only(enquiry, "forwarded_queue", world.coordinator_a2).body_text
    assert "Host university" not in _only(enquiry, "forwarded", world.student_a1).body_text
    assert _told(enquiry, "status") == {}


def test_forwarder_who_is_a_member_of_the_new_queue_is_not_told(world):
    enquiry = _submit(world)

    enquiry_forward(enquiry=enquiry, queue=world.central_a, reason="For the office", by=world.office_a)

    assert _told(enquiry, "forwarded_queue") == {}
    assert set(_told(enquiry, "forwarded")) == {world.student_a1}


def test_outcome_tells_the_requester(world):
    application = _submit(world, opportunity=world.opportunity_a2, kind=Enquiry.Kind.APPLICATION)

    enquiry_record_outcome(enquiry=application, outcome=Enquiry.Outcome.ACCEPTED, by=world.coordinator_a1)

    assert _told(application, "outcome") == {world.student_a1: (Category.MY_ENQUIRIES, Email.PENDING)}
    assert "Accepted" in _only(application, "outcome", world.student_a1).subject
    assert _told(application, "status") == {}


# Preferences and language


@pytest.mark.parametrize(
    ("delivery", "status"),
    [(Delivery.IMMEDIATE, Email.PENDING), (Delivery.DIGEST, Email.DIGEST), (Delivery.IN_APP, Email.IN_APP)],
)
def test_email_follows_the_recipient_s_choice(world, delivery, status):
    preferences_save(user=world.student_a1, choices={Category.MY_ENQUIRIES: delivery})
    preferences_save(user=world.staff_a1, choices={Category.QUEUE_ACTIVITY: delivery})

    enquiry = _submit(world)

    assert _told(enquiry, "received")[world.student_a1] == (Category.MY_ENQUIRIES, status)
    assert _told(enquiry, "received_queue")[world.staff_a1] == (Category.QUEUE_ACTIVITY, status)
    assert _told(enquiry, "received_queue")[world.coordinator_a1] == (Category.QUEUE_ACTIVITY, Email.PENDING)


def test_each_recipient_reads_in_their_own_language(world):
    world.student_a1.language = "fr"
    world.student_a1.save(update_fields=["language"])

    enquiry = _submit(world)

    ack = _only(enquiry, "received", world.student_a1)
    notice = _only(enquiry, "received_queue", world.staff_a1)
    assert (ack.language, notice.language) == ("fr", "en")
    with translation.override("fr"):
        due = formats.date_format(enquiry.first_response_due, "DATE_FORMAT")
        expected = translation.gettext("You can expect a first answer by %(date)s.") % {"date": due}
    assert expected != f"You can expect a first answer by {due}."  # the catalogue has it in French
    assert expected in ack.body_text
    assert "Votre coordinateur ALLA local à University a1" in ack.body_text
    assert '<html lang="fr">' in ack.body_html
    assert enquiry.reference in ack.subject
    assert '<html lang="en">' in notice.body_html


# The outbox and the transaction


def test_delivery_is_enqueued_after_commit_and_not_before(
    world, django_capture_on_commit_callbacks, monkeypatch
):
    task = mock.Mock()
    monkeypatch.setattr("notifications.tasks.deliver_notification", task)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enquiry = _submit(world)
        assert Notification.objects.filter(object_key=f"enquiry:{enquiry.pk}").count() == 3
    task.delay.assert_not_called()

    for callback in callbacks:
        callback()
    pending = Notification.objects.filter(email_status=Email.PENDING).values_list("pk", flat=True)
    assert sorted(call.args[0] for call in task.delay.call_args_list) == sorted(pending)


def test_in_app_notifications_enqueue_nothing(world, django_capture_on_commit_callbacks):
    enquiry = _submit(world)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enquiry_note(enquiry=enquiry, by=world.coordinator_a1, body="Internal")

    assert Notification.objects.filter(event="enquiry.note").count() == 1
    assert callbacks == []


def test_no_notification_outlives_a_rolled_back_submission(world, django_capture_on_commit_callbacks):
    def submit_then_fail():
        with transaction.atomic():
            _submit(world)
            assert Notification.objects.count() == 3
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=False) as callbacks, pytest.raises(RuntimeError):
        submit_then_fail()

    assert (Enquiry.objects.count(), Notification.objects.count(), callbacks) == (0, 0, [])


def test_a_service_failing_after_notify_leaves_no_notification(world, monkeypatch):
    enquiry = _submit(world)
    enquiry_assign(enquiry=enquiry, assignee=world.staff_a1, by=world.staff_a1)
    before = Notification.objects.count()

    def fail(*args, **kwargs):
        raise RuntimeError

    # Forwarding an open enquiry tells people first, then sets it back to new: make that fail.
    monkeypatch.setattr("enquiries.services.workflow._set_status", fail)
    with pytest.raises(RuntimeError):
        enquiry_forward(enquiry=enquiry, queue=world.queue_a2, reason="Elsewhere", by=world.staff_a1)

    enquiry.refresh_from_db()
    assert (enquiry.queue, Notification.objects.count()) == (world.queue_a1, before)
