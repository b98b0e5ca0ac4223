import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from enquiries.models import AuditEntry, Enquiry, Message
from enquiries.services import (
    TRANSITIONS,
    enquiry_assign,
    enquiry_forward,
    enquiry_note,
    enquiry_recommend,
    enquiry_record_outcome,
    enquiry_reply,
    enquiry_submit,
    enquiry_transition,
)

pytestmark = pytest.mark.django_db
Status = Enquiry.Status


def _enquiry(world, **kwargs):
    kwargs.setdefault("requester", world.student_a1)
    return enquiry_submit(alliance=world.alliance_a, subject="S", message="M", **kwargs)


def _in_status(world, status):
    enquiry = _enquiry(world)
    Enquiry.objects.filter(pk=enquiry.pk).update(status=status, resolved_at=timezone.now())
    enquiry.refresh_from_db()
    return enquiry


STAFF_TARGETS = [Status.OPEN, Status.WAITING, Status.RESOLVED, Status.CLOSED]


@pytest.mark.parametrize(("current", "target"), list(itertools.product(Status.values, STAFF_TARGETS)))
def test_staff_status_change_follows_the_transitions_table(world, current, target):
    enquiry = _in_status(world, current)
    audit_before = enquiry.audit_entries.count()
    if target in TRANSITIONS[current]:
        enquiry_transition(enquiry=enquiry, to=target, by=world.coordinator_a1)
        enquiry.refresh_from_db()
        assert enquiry.status == target
        assert enquiry.audit_entries.count() == audit_before + 1
        entry = enquiry.audit_entries.last()
        assert (entry.action, entry.old_value, entry.new_value, entry.actor) == (
            AuditEntry.Action.STATUS,
            current,
            target,
            world.coordinator_a1,
        )
    else:
        with pytest.raises(ValidationError):
            enquiry_transition(enquiry=enquiry, to=target, by=world.coordinator_a1)
        enquiry.refresh_from_db()
        assert enquiry.status == current
        assert enquiry.audit_entries.count() == audit_before


@pytest.mark.parametrize("current", Status.values)
def test_requester_may_withdraw_only_an_active_enquiry(world, current):
    enquiry = _in_status(world, current)
    if current in Enquiry.ACTIVE_STATUSES:
        enquiry_transition(enquiry=enquiry, to=Status.WITHDRAWN, by=world.student_a1)
        enquiry.refresh_from_db()
        assert enquiry.status == Status.WITHDRAWN
    else:
        with pytest.raises(ValidationError):
            enquiry_transition(enquiry=enquiry, to=Status.WITHDRAWN, by=world.student_a1)


def test_staff_cannot_withdraw_and_requesters_cannot_resolve(world):
    enquiry = _enquiry(world)
    with pytest.raises(PermissionDenied):
        enquiry_transition(enquiry=enquiry, to=Status.WITHDRAWN, by=world.coordinator_a1)
    with pytest.raises(PermissionDenied):
        enquiry_transition(enquiry=enquiry, to=Status.RESOLVED, by=world.student_a1)


def test_requester_reopens_within_seven_days_of_resolution_only(world):
    enquiry = _in_status(world, Status.RESOLVED)
    enquiry_transition(enquiry=enquiry, to=Status.OPEN, by=world.student_a1)
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.resolved_at) == (Status.OPEN, None)

    late = _in_status(world, Status.RESOLVED)
    Enquiry.objects.filter(pk=late.pk).update(resolved_at=timezone.now() - dt.timedelta(days=8))
    with pytest.raises(ValidationError) as error:
        enquiry_transition(enquiry=late, to=Status.OPEN, by=world.student_a1)
    assert error.value.code == "reopen_window"


@pytest.mark.parametrize("actor", ["student_a2", "coordinator_a2", "coordinator_b1", "office_b", "outsider"])
def test_people_outside_the_enquiry_can_do_nothing_to_it(world, actor):
    enquiry = _enquiry(world)
    person = getattr(world, actor)
    actions = [
        lambda: enquiry_transition(enquiry=enquiry, to=Status.RESOLVED, by=person),
        lambda: enquiry_reply(enquiry=enquiry, by=person, body="x"),
        lambda: enquiry_note(enquiry=enquiry, by=person, body="x"),
        lambda: enquiry_assign(enquiry=enquiry, assignee=person, by=person),
        lambda: enquiry_forward(enquiry=enquiry, queue=world.queue_a2, reason="x", by=person),
    ]
    for action in actions:
        with pytest.raises(PermissionDenied):
            action()
    assert enquiry.audit_entries.count() == 1


def test_central_office_handles_every_queue_of_its_alliance(world):
    enquiry = _enquiry(world)
    enquiry_assign(enquiry=enquiry, assignee=world.office_a, by=world.office_a)
    enquiry.refresh_from_db()
    assert (enquiry.assignee, enquiry.status) == (world.office_a, Status.OPEN)


def test_assigning_someone_outside_the_queue_is_refused(world):
    enquiry = _enquiry(world)
    with pytest.raises(ValidationError) as error:
        enquiry_assign(enquiry=enquiry, assignee=world.coordinator_a2, by=world.coordinator_a1)
    assert error.value.code == "not_staff"


def test_staff_question_waits_for_the_requester_whose_reply_reopens_it(world):
    enquiry = _enquiry(world)
    enquiry_reply(enquiry=enquiry, by=world.staff_a1, body="Which semester?", ask=True)
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.assignee) == (Status.WAITING, world.staff_a1)
    assert enquiry.first_response_at is not None
    enquiry_reply(enquiry=enquiry, by=world.student_a1, body="Spring")
    enquiry.refresh_from_db()
    assert enquiry.status == Status.OPEN


def test_internal_notes_are_internal(world):
    enquiry = _enquiry(world)
    note = enquiry_note(enquiry=enquiry, by=world.coordinator_a1, body="Check transcript")
    assert note.visibility == Message.Visibility.INTERNAL
    with pytest.raises(PermissionDenied):
        enquiry_note(enquiry=enquiry, by=world.student_a1, body="I am not staff")


def test_forward_moves_to_another_queue_of_the_alliance_with_a_reason(world):
    enquiry = _enquiry(world)
    enquiry_assign(enquiry=enquiry, assignee=world.staff_a1, by=world.coordinator_a1)
    enquiry_forward(
        enquiry=enquiry, queue=world.central_a, reason="Alliance-wide question", by=world.staff_a1
    )
    enquiry.refresh_from_db()
    assert (enquiry.queue, enquiry.assignee, enquiry.status) == (world.central_a, None, Status.NEW)
    entry = enquiry.audit_entries.filter(action=AuditEntry.Action.FORWARDED).get()
    assert (entry.old_value, entry.new_value, entry.detail) == (
        "a1 queue",
        "A central office",
        "Alliance-wide question",
    )
    with pytest.raises(ValidationError):
        enquiry_forward(enquiry=enquiry, queue=world.queue_b1, reason="Other alliance", by=world.office_a)


def test_outcome_resolves_an_application_and_host_recommends_without_deciding(world):
    application = _enquiry(world, opportunity=world.opportunity_a2, kind=Enquiry.Kind.APPLICATION)
    enquiry_recommend(
        enquiry=application, verdict="recommended", comment="Strong profile", by=world.coordinator_a2
    )
    enquiry_note(enquiry=application, by=world.coordinator_a2, body="Met her at the fair")
    for forbidden in (
        lambda: enquiry_reply(enquiry=application, by=world.coordinator_a2, body="Hi"),
        lambda: enquiry_transition(enquiry=application, to=Status.RESOLVED, by=world.coordinator_a2),
        lambda: enquiry_record_outcome(enquiry=application, outcome="accepted", by=world.coordinator_a2),
    ):
        with pytest.raises(PermissionDenied):
            forbidden()
    enquiry_record_outcome(enquiry=application, outcome="accepted", by=world.coordinator_a1)
    application.refresh_from_db()
    assert (application.status, application.outcome) == (Status.RESOLVED, "accepted")
    assert application.recommendations.get().verdict == "recommended"
    with pytest.raises(PermissionDenied):
        enquiry_recommend(enquiry=application, verdict="recommended", comment="", by=world.coordinator_b1)


def test_questions_have_no_outcome(world):
    with pytest.raises(ValidationError):
        enquiry_record_outcome(enquiry=_enquiry(world), outcome="accepted", by=world.coordinator_a1)
