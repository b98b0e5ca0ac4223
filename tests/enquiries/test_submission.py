import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from enquiries.models import AuditEntry, Enquiry, Message
from enquiries.services import enquiry_submit, first_response_due, next_reference
from enquiries.working_days import add_working_days
from opportunities.models import Opportunity
from tests.opportunities.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def _submit(world, requester, **kwargs):
    kwargs.setdefault("alliance", world.alliance_a)
    return enquiry_submit(requester=requester, subject="Question", message="Hello", **kwargs)


def test_member_s_enquiry_lands_in_their_home_university_s_queue(world):
    enquiry = _submit(world, world.student_a1)
    assert enquiry.queue == world.queue_a1
    assert enquiry.requester_university == world.a1


def test_member_asking_about_another_university_s_opportunity_stays_with_their_home_queue(world):
    enquiry = _submit(
        world, world.student_a1, opportunity=world.opportunity_a2, kind=Enquiry.Kind.APPLICATION
    )
    assert enquiry.queue == world.queue_a1
    assert enquiry.alliance == world.alliance_a


def test_outsider_s_enquiry_lands_at_the_central_office(world):
    assert _submit(world, world.outsider).queue == world.central_a


def test_member_of_another_alliance_lands_at_that_alliance_s_central_office(world):
    enquiry = _submit(world, world.student_b1, opportunity=world.opportunity_a2)
    assert enquiry.queue == world.central_a


def test_reference_is_alliance_year_and_sequence(world):
    first = _submit(world, world.student_a1)
    second = _submit(world, world.outsider)
    other = _submit(world, world.student_b1, alliance=world.alliance_b)
    year = first.created_at.year
    assert first.reference == f"ALLA-{year}-000001"
    assert second.reference == f"ALLA-{year}-000002"
    assert other.reference == f"ALLB-{year}-000001"


def test_each_year_numbers_its_references_from_one_again(world):
    assert next_reference(world.alliance_a, 2026) == (1, "ALLA-2026-000001")
    assert next_reference(world.alliance_a, 2026) == (2, "ALLA-2026-000002")
    assert next_reference(world.alliance_a, 2027) == (1, "ALLA-2027-000001")
    assert next_reference(world.alliance_a, 2026) == (3, "ALLA-2026-000003")


def test_submission_records_the_first_message_and_one_audit_entry(world):
    enquiry = _submit(world, world.student_a1)
    assert list(enquiry.messages.values_list("body", "visibility")) == [("Hello", Message.Visibility.PUBLIC)]
    assert list(enquiry.audit_entries.values_list("action", "new_value")) == [
        (AuditEntry.Action.SUBMITTED, "a1 queue")
    ]
    assert enquiry.status == Enquiry.Status.NEW


def test_first_answer_is_due_after_the_target_in_working_days_of_the_handling_country(world):
    monday_before_easter = dt.datetime(2026, 3, 30, 10, tzinfo=dt.UTC)  # Easter Monday is 6 April
    world.queue_a2.first_response_target_days = 5
    # Germany: Good Friday (3 April) and Easter Monday (6 April) are holidays.
    assert first_response_due(world.queue_a2, monday_before_easter) == dt.date(2026, 4, 8)
    assert add_working_days(dt.date(2026, 3, 30), 5, "") == dt.date(2026, 4, 6)


def test_application_needs_an_open_opportunity(world):
    closed = OpportunityFactory(host_university=world.a2, status=Opportunity.Status.CLOSED)
    with pytest.raises(ValidationError) as error:
        _submit(world, world.student_a1, opportunity=closed, kind=Enquiry.Kind.APPLICATION)
    assert error.value.code == "applications_closed"
    assert _submit(world, world.student_a1, opportunity=closed, kind=Enquiry.Kind.QUESTION).pk


def test_person_cannot_apply_twice_to_the_same_opportunity(world):
    _submit(world, world.student_a1, opportunity=world.opportunity_a2, kind=Enquiry.Kind.APPLICATION)
    with pytest.raises(ValidationError) as error:
        _submit(world, world.student_a1, opportunity=world.opportunity_a2, kind=Enquiry.Kind.APPLICATION)
    assert error.value.code == "already_applied"
    assert Enquiry.objects.count() == 1


def test_drafts_cannot_be_asked_about(world):
    draft = OpportunityFactory(host_university=world.a2, status=Opportunity.Status.DRAFT)
    with pytest.raises(ValidationError):
        _submit(world, world.student_a1, opportunity=draft)


def test_the_submission_limit_guards_the_form_not_the_service(world, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "enquiry_submission": "1/h/user"}
    for n in range(3):
        enquiry_submit(requester=world.student_a1, alliance=world.alliance_a, subject=f"S{n}", message="M")
    assert Enquiry.objects.filter(requester=world.student_a1).count() == 3
