"""The outbox against a real SMTP server: sent once, retried with back-off, failed, re-sent, swept."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from enquiries.models import Enquiry, Queue, QueueMembership
from enquiries.services import enquiry_submit
from notifications.models import Category, Notification
from notifications.services import (
    RETRY_DELAYS,
    notification_deliver,
    notifications_resend,
    notifications_sweep,
    notify,
)
from notifications.tasks import MAX_RETRIES, deliver_notification
from tests.accounts.factories import UserFactory
from tests.institutions.factories import AllianceFactory

from .conftest import free_port

pytestmark = pytest.mark.django_db
Status = Notification.EmailStatus


def _notification(user=None, key="n1") -> Notification:
    return notify(
        recipient=user or UserFactory(email="ana@elsewhere.example"),
        category=Category.MY_ENQUIRIES,
        event="test",
        dedup_key=key,
        template="notifications/email/digest",
        context={"items": [], "day": None},
        link="/notifications/",
    )


def _lines(part) -> list[str]:
    return part.get_content().splitlines()


@pytest.fixture
def broker(monkeypatch) -> list[int]:
    """Stand in for the broker and worker: every hand-over runs the task here, at once; keep the ids."""
    handed: list[int] = []

    def delay(notification_id: int) -> None:
        handed.append(notification_id)
        deliver_notification.apply(args=[notification_id])

    monkeypatch.setattr("notifications.tasks.deliver_notification", SimpleNamespace(delay=delay))
    return handed


def test_delivery_sends_one_email_with_text_and_html_and_marks_it_sent(smtp_server):
    notification = _notification()

    deliver_notification.apply(args=[notification.pk])

    [message] = smtp_server.messages
    assert message["To"] == "ana@elsewhere.example"
    assert message["Subject"] == notification.subject
    assert (message["Auto-Submitted"], message["Content-Language"]) == ("auto-generated", "en")
    assert _lines(message.get_body(("plain",))) == notification.body_text.splitlines()
    assert _lines(message.get_body(("html",))) == notification.body_html.splitlines()
    notification.refresh_from_db()
    assert (notification.email_status, notification.attempts, notification.last_error) == (Status.SENT, 1, "")
    assert notification.sent_at is not None


def test_delivering_again_sends_nothing(smtp_server):
    notification = _notification()
    deliver_notification.apply(args=[notification.pk])

    deliver_notification.apply(args=[notification.pk])

    assert notification_deliver(notification_id=notification.pk) is False
    assert len(smtp_server.messages) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_unreachable_server_records_the_attempt_and_when_to_try_again(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5
    notification = _notification()
    before = timezone.now()

    with pytest.raises(OSError, match="refused"):
        notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert (notification.email_status, notification.attempts) == (Status.PENDING, 1)
    assert notification.last_error.startswith("ConnectionRefusedError")
    assert notification.next_attempt_at >= before + dt.timedelta(seconds=RETRY_DELAYS[0])


def test_refusing_server_is_retried_then_the_notification_fails(smtp_server):
    smtp_server.refuse = True
    notification = _notification()

    deliver_notification.apply(args=[notification.pk])  # retries run one after the other, eagerly

    notification.refresh_from_db()
    assert (notification.email_status, notification.attempts) == (Status.FAILED, MAX_RETRIES + 1)
    assert "550" in notification.last_error
    assert notification.next_attempt_at is None
    assert smtp_server.messages == []


def test_last_retry_marks_the_notification_failed(smtp_server):
    smtp_server.refuse = True
    notification = _notification()

    deliver_notification.apply(args=[notification.pk], retries=MAX_RETRIES)

    notification.refresh_from_db()
    assert (notification.email_status, notification.attempts) == (Status.FAILED, 1)
    assert notification.last_error.startswith("SMTPDataError")


def test_resend_delivers_a_failed_notification_once_the_server_accepts(
    smtp_server, broker, django_capture_on_commit_callbacks
):
    smtp_server.refuse = True
    notification = _notification()
    deliver_notification.apply(args=[notification.pk])
    smtp_server.refuse = False

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_resend(notification_ids=[notification.pk]) == 1

    assert broker == [notification.pk]
    assert len(smtp_server.messages) == 1
    notification.refresh_from_db()
    assert (notification.email_status, notification.attempts) == (Status.SENT, 1)


def test_resend_leaves_sent_notifications_alone(smtp_server, broker, django_capture_on_commit_callbacks):
    notification = _notification()
    deliver_notification.apply(args=[notification.pk])

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_resend(notification_ids=[notification.pk]) == 0

    assert len(smtp_server.messages) == 1


def test_sweep_re_enqueues_lost_and_due_notifications_only(smtp_server, broker):
    now = timezone.now()
    lost = _notification(UserFactory(email="lost@elsewhere.example"), "lost")
    due = _notification(UserFactory(email="due@elsewhere.example"), "due")
    later = _notification(UserFactory(email="later@elsewhere.example"), "later")
    fresh = _notification(UserFactory(email="fresh@elsewhere.example"), "fresh")
    sent = _notification(UserFactory(email="sent@elsewhere.example"), "sent")
    Notification.objects.filter(pk__in=[lost.pk, sent.pk]).update(created_at=now - dt.timedelta(minutes=10))
    Notification.objects.filter(pk=sent.pk).update(email_status=Status.SENT)
    Notification.objects.filter(pk=due.pk).update(next_attempt_at=now - dt.timedelta(seconds=1), attempts=1)
    Notification.objects.filter(pk=later.pk).update(next_attempt_at=now + dt.timedelta(minutes=5), attempts=1)

    assert notifications_sweep(now=now, grace=dt.timedelta(minutes=2)) == 2

    assert sorted(broker) == sorted([lost.pk, due.pk])
    assert sorted(m["To"] for m in smtp_server.messages) == [
        "due@elsewhere.example",
        "lost@elsewhere.example",
    ]
    still_pending = Notification.objects.filter(email_status=Status.PENDING)
    assert sorted(still_pending.values_list("dedup_key", flat=True)) == ["fresh", "later"]
    assert fresh.pk not in broker


def _submit_to_a_staffed_queue() -> Enquiry:
    alliance = AllianceFactory(code="ALLX", slug="allx")
    queue = Queue.objects.create(alliance=alliance, name="X central office")
    QueueMembership.objects.create(queue=queue, user=UserFactory(email="office@allx.example"))
    return enquiry_submit(
        requester=UserFactory(email="someone@elsewhere.example"), alliance=alliance, subject="S", message="M"
    )


def test_smtp_failure_leaves_the_enquiry_in_place(settings, broker, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 5

    with django_capture_on_commit_callbacks(execute=True):
        enquiry = _submit_to_a_staffed_queue()

    assert Enquiry.objects.filter(pk=enquiry.pk).exists()
    assert len(broker) == 2
    assert set(Notification.objects.values_list("email_status", flat=True)) == {Status.FAILED}


def test_broker_outage_leaves_the_enquiry_in_place_and_mail_pending(
    monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(notification_id: int) -> None:
        raise OperationalError("Connection refused")

    monkeypatch.setattr("notifications.tasks.deliver_notification", SimpleNamespace(delay=broker_down))

    with django_capture_on_commit_callbacks(execute=True):
        enquiry = _submit_to_a_staffed_queue()

    assert Enquiry.objects.filter(pk=enquiry.pk).exists()
    assert list(Notification.objects.values_list("email_status", "attempts")) == [(Status.PENDING, 0)] * 2


def test_every_attempt_carries_the_same_message_id(smtp_server, settings):
    settings.SITE_URL = "https://hub.example"
    notification = _notification()
    deliver_notification.apply(args=[notification.pk])
    Notification.objects.filter(pk=notification.pk).update(email_status=Status.PENDING)
    deliver_notification.apply(args=[notification.pk])

    first, second = smtp_server.messages
    assert first["Message-ID"] == second["Message-ID"] == f"<notification-{notification.pk}@hub.example>"
