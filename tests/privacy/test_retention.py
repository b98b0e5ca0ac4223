import datetime as dt
import io

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone

from enquiries.models import Attachment, AuditEntry, Enquiry
from enquiries.reminders import queue_summaries
from enquiries.services import (
    enquiry_forward,
    enquiry_note,
    enquiry_reply,
    enquiry_submit,
    enquiry_transition,
)
from mobility.celery import app as celery_app
from notifications.models import Notification
from notifications.services import digests_send, preferences_save
from privacy import tasks
from privacy.services import notifications_retention_apply, retention_apply
from tests.enquiries.test_views import _pdf
from tests.privacy.conftest import file_exists, texts_mentioning

pytestmark = pytest.mark.django_db

Status = Enquiry.Status
NOW = timezone.now()


@pytest.fixture(autouse=True)
def retention(settings):
    settings.ENQUIRY_RETENTION_DAYS = 30


def _enquiry(world, *, subject: str, status: str | None, finished_days_ago: int | None = None) -> Enquiry:
    """An enquiry of student a1 with a document, a staff reply and a note, brought to ``status``."""
    enquiry = enquiry_submit(
        requester=world.student_a1, alliance=world.alliance_a, subject=subject,
        message=f"{subject}: my passport number is 12AB34567.", files=[_pdf("passport.pdf")],
    )  # fmt: skip
    enquiry_reply(enquiry=enquiry, by=world.coordinator_a1, body="Dear student, here you are.")
    enquiry_note(enquiry=enquiry, by=world.coordinator_a1, body="Seems fine.")
    enquiry_forward(
        enquiry=enquiry,
        queue=world.central_a,
        reason="The student asked for the office.",
        by=world.coordinator_a1,
    )
    if status == Status.WITHDRAWN:
        enquiry_transition(enquiry=enquiry, to=status, by=world.student_a1)
    elif status is not None:
        enquiry_transition(enquiry=enquiry, to=status, by=world.office_a)
    if finished_days_ago is not None:
        Enquiry.objects.filter(pk=enquiry.pk).update(closed_at=NOW - dt.timedelta(days=finished_days_ago))
    return Enquiry.objects.get(pk=enquiry.pk)


@pytest.fixture
def enquiries(world) -> dict[str, Enquiry]:
    return {
        "closed long ago": _enquiry(world, subject="Old closed", status=Status.CLOSED, finished_days_ago=31),
        "withdrawn long ago": _enquiry(
            world, subject="Old withdrawn", status=Status.WITHDRAWN, finished_days_ago=45
        ),
        "closed recently": _enquiry(world, subject="Recent", status=Status.CLOSED, finished_days_ago=29),
        "resolved long ago": _enquiry(world, subject="Resolved", status=Status.RESOLVED),
        "still open": _enquiry(world, subject="Open", status=None),
    }


def _old(enquiries):
    return [enquiries["closed long ago"], enquiries["withdrawn long ago"]]


def _untouched(enquiries):
    return [enquiries["closed recently"], enquiries["resolved long ago"], enquiries["still open"]]


def _age_everything(days: int) -> None:
    """Pretend that every enquiry was created long ago (only ``closed_at`` decides)."""
    Enquiry.objects.update(created_at=NOW - dt.timedelta(days=days))


def test_retention_anonymises_only_enquiries_finished_before_the_period(
    enquiries, world, django_capture_on_commit_callbacks
):
    _age_everything(400)
    everything = enquiries.values()
    files = {e.pk: [a.file.name for a in Attachment.objects.filter(message__enquiry=e)] for e in everything}
    notified = {e.pk: Notification.objects.filter(object_key=f"enquiry:{e.pk}").count() for e in everything}

    with django_capture_on_commit_callbacks(execute=True):
        assert retention_apply(now=NOW, batch_size=1) == 2

    for enquiry in _old(enquiries):
        enquiry.refresh_from_db()
        assert enquiry.anonymised_at is not None
        assert enquiry.requester_id is None
        assert enquiry.subject == ""
        assert all(m.body == "" and m.removed_at for m in enquiry.messages.all())
        assert not Attachment.objects.filter(message__enquiry=enquiry).exists()
        assert not any(file_exists(name) for name in files[enquiry.pk])
        assert not Notification.objects.filter(object_key=f"enquiry:{enquiry.pk}").exists()
        assert (
            not enquiry.audit_entries.exclude(detail="")
            .exclude(action=AuditEntry.Action.REPLIED)
            .exclude(action=AuditEntry.Action.SUBMITTED)
            .exists()
        )
        (record,) = enquiry.audit_entries.filter(action=AuditEntry.Action.ANONYMISED)
        assert (record.actor, record.old_value, record.new_value, record.detail) == (None, "", "", "")
        # What the university keeps for its records and figures.
        assert enquiry.reference
        assert enquiry.queue == world.central_a
        assert enquiry.requester_university == world.a1
        assert enquiry.first_response_at is not None

    for enquiry in _untouched(enquiries):
        enquiry.refresh_from_db()
        assert enquiry.anonymised_at is None
        assert enquiry.requester == world.student_a1
        assert enquiry.subject
        assert all(m.body for m in enquiry.messages.all())
        assert all(file_exists(name) for name in files[enquiry.pk])
        assert Notification.objects.filter(object_key=f"enquiry:{enquiry.pk}").count() == notified[enquiry.pk]


def test_retention_follows_the_setting(enquiries, settings):
    settings.ENQUIRY_RETENTION_DAYS = 60
    assert retention_apply(now=NOW) == 0
    settings.ENQUIRY_RETENTION_DAYS = 20
    assert retention_apply(now=NOW) == 3


def test_retention_runs_once(enquiries):
    assert retention_apply(now=NOW) == 2
    assert retention_apply(now=NOW) == 0
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ANONYMISED).count() == 2


def test_retention_works_through_many_batches(world):
    for n in range(7):
        _enquiry(world, subject=f"Old {n}", status=Status.CLOSED, finished_days_ago=40 + n % 3)
    assert retention_apply(now=NOW, batch_size=3) == 7
    assert not Enquiry.objects.filter(anonymised_at__isnull=True).exists()


def test_anonymised_enquiry_page_shows_markers_not_text(client, enquiries, world):
    retention_apply(now=NOW)
    client.force_login(world.office_a)
    page = client.get(enquiries["closed long ago"].get_absolute_url())
    assert b"This message was removed to protect personal data." in page.content
    assert b"passport" not in page.content


def test_retention_task_is_scheduled_daily_and_calls_the_pass(enquiries):
    entry = django_settings.CELERY_BEAT_SCHEDULE["privacy-retention"]
    assert entry["task"] == tasks.retention.name
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] == 24 * 60 * 60
    assert tasks.retention() == 2


def test_retention_command_runs_the_pass_at_a_moment(enquiries):
    out = io.StringIO()
    call_command("apply_retention", at=(NOW - dt.timedelta(days=5)).isoformat(), stdout=out)
    # Five days earlier, only the enquiry withdrawn 45 days ago had passed the 30 days.
    assert "anonymised 1 enquiries" in out.getvalue()
    assert Enquiry.objects.filter(anonymised_at__isnull=False).get().subject == ""


# What repeats an enquiry's subject elsewhere: digests, daily summaries, old notifications


def _morning(days_ahead: int = 1) -> dt.datetime:
    return (NOW + dt.timedelta(days=days_ahead)).replace(hour=11, minute=0, second=0, microsecond=0)


@pytest.fixture
def listed(world) -> Enquiry:
    """A new enquiry that a staff digest and a daily queue summary list, closed long ago since."""
    preferences_save(user=world.staff_a1, choices={"queue-activity": "digest", "queue-summary": "digest"})
    enquiry = enquiry_submit(
        requester=world.student_a1, alliance=world.alliance_a, subject="Scholarship for Ingrid", message="Hi"
    )
    assert digests_send(at=_morning()) == 1
    assert queue_summaries(_morning()) == 1
    summary, digest = Notification.objects.filter(recipient=world.staff_a1, event__in=["digest", SUMMARY])
    assert "Scholarship for Ingrid" in digest.body_text
    assert "Scholarship for Ingrid" in summary.body_text
    enquiry_transition(enquiry=enquiry, to=Status.CLOSED, by=world.coordinator_a1)
    Enquiry.objects.filter(pk=enquiry.pk).update(closed_at=NOW - dt.timedelta(days=31))
    return enquiry


SUMMARY = "enquiry.reminder_queue_summary"


def test_digests_and_summaries_that_listed_an_enquiry_go_with_its_personal_data(listed, world):
    retention_apply(now=NOW)

    assert not Notification.objects.filter(event__in=["digest", SUMMARY]).exists()
    assert texts_mentioning(["Scholarship for Ingrid"]) == []


def test_no_text_in_the_database_keeps_an_anonymised_enquiry_s_words(enquiries):
    words = ["Old closed", "Old withdrawn"]
    assert texts_mentioning(words)  # the scan sees them before

    retention_apply(now=NOW)

    assert texts_mentioning(words) == []
    assert texts_mentioning(["Recent", "Resolved"])  # others' enquiries keep theirs


def test_notifications_are_deleted_after_their_own_retention_period(world, settings):
    settings.NOTIFICATION_RETENTION_DAYS = 180
    old = _enquiry(world, subject="Ancient", status=None)
    recent = _enquiry(world, subject="Fresh", status=None)
    Notification.objects.filter(object_key=f"enquiry:{old.pk}").update(
        created_at=NOW - dt.timedelta(days=181)
    )
    kept = Notification.objects.filter(object_key=f"enquiry:{recent.pk}").count()

    assert notifications_retention_apply(now=NOW) > 0

    assert not Notification.objects.filter(object_key=f"enquiry:{old.pk}").exists()
    assert Notification.objects.filter(object_key=f"enquiry:{recent.pk}").count() == kept
    assert notifications_retention_apply(now=NOW) == 0


def test_notification_retention_is_scheduled_daily_and_run_by_the_command(world):
    entry = django_settings.CELERY_BEAT_SCHEDULE["privacy-notification-retention"]
    assert entry["task"] == tasks.notification_retention.name
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] == 24 * 60 * 60
    _enquiry(world, subject="Ancient", status=None)
    Notification.objects.update(created_at=NOW - dt.timedelta(days=400))
    written = Notification.objects.count()
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert f"Retention of 180 days: deleted {written} notifications" in out.getvalue()
    assert not Notification.objects.exists()
