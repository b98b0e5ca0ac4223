from collections import Counter

import pytest
from django.core.management import call_command

from accounts.models import User
from demo.enquiries import ENQUIRIES
from enquiries.models import AuditEntry, Enquiry, Message, Recommendation
from enquiries.selectors import hosted_enquiries, work_queue

pytestmark = pytest.mark.django_db

Status = Enquiry.Status
Action = AuditEntry.Action


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _snapshot() -> dict:
    return {
        "counts": [m.objects.count() for m in (Enquiry, Message, AuditEntry, Recommendation)],
        "enquiries": sorted(Enquiry.objects.values_list("reference", "status", "queue_id", "assignee_id")),
    }


def test_every_demo_enquiry_is_seeded_once(demo):
    seeded = Counter(Enquiry.objects.values_list("requester__email", "subject"))
    assert seeded == Counter((data.requester, data.subject) for data in ENQUIRIES)


def test_demo_enquiries_cover_every_status_and_outcome(demo):
    assert set(Enquiry.objects.values_list("status", flat=True)) == set(Status.values)
    outcomes = Enquiry.objects.filter(kind=Enquiry.Kind.APPLICATION, status=Status.RESOLVED)
    assert set(outcomes.values_list("outcome", flat=True)) == set(Enquiry.Outcome.values)


def test_every_demo_enquiry_has_an_audit_trail_that_explains_its_status(demo):
    for enquiry in Enquiry.objects.prefetch_related("audit_entries"):
        entries = list(enquiry.audit_entries.all())
        assert [e.action for e in entries].count(Action.SUBMITTED) == 1, enquiry.subject
        changes = [e.new_value for e in entries if e.action == Action.STATUS]
        assert enquiry.status == (changes[-1] if changes else Status.NEW), enquiry.subject


def test_demo_threads_are_short_and_some_carry_internal_notes(demo):
    for enquiry in Enquiry.objects.all():
        assert 1 <= enquiry.messages.count() <= 5, enquiry.subject
    assert Message.objects.filter(visibility=Message.Visibility.INTERNAL).exists()


def test_demo_applications_target_opportunities_open_for_applications(demo):
    applications = Enquiry.objects.filter(kind=Enquiry.Kind.APPLICATION).select_related("opportunity")
    assert applications.exists()
    for enquiry in applications:
        assert enquiry.opportunity.is_open, enquiry.subject


def test_poitiers_coordinator_sees_a_mixed_queue(demo):
    queue = work_queue(_user("coordinator@poitiers.example"))
    assert queue.count() >= 5
    assert len(set(queue.values_list("status", flat=True))) >= 4


def test_poitiers_queue_holds_an_application_hosted_by_another_ec2u_university(demo):
    hosted_elsewhere = work_queue(_user("coordinator@poitiers.example")).filter(
        kind=Enquiry.Kind.APPLICATION, opportunity__host_university__alliance__slug="ec2u"
    )
    hosts = set(hosted_elsewhere.values_list("opportunity__host_university__slug", flat=True)) - {"poitiers"}
    assert hosts
    for slug in hosts:
        assert hosted_enquiries(_user(f"coordinator@{slug}.example")).exists(), slug


def test_every_demo_queue_has_enquiries(demo):
    queues = set(Enquiry.objects.values_list("queue__alliance__slug", "queue__university__slug"))
    for slug in ("poitiers", "coimbra", "jena"):
        assert ("ec2u", slug) in queues
    for slug in ("frankfurt", "lyon2"):
        assert ("trumotion", slug) in queues
    assert {("ec2u", None), ("trumotion", None)} <= queues


def test_the_visitors_enquiries_are_handled_by_central_offices(demo):
    enquiries = Enquiry.objects.filter(requester__email="visitor@elsewhere.example")
    assert enquiries.exists()
    assert not enquiries.filter(queue__university__isnull=False).exists()


def test_an_ec2u_member_asking_about_a_trumotion_opportunity_reaches_trumotion_central_office(demo):
    asked = Enquiry.objects.filter(
        requester_university__alliance__slug="ec2u", opportunity__alliance__slug="trumotion"
    )
    assert asked.exists()
    assert all(e.queue.is_central and e.queue.alliance.slug == "trumotion" for e in asked)


def test_a_demo_enquiry_was_forwarded_with_a_reason(demo):
    forwards = AuditEntry.objects.filter(action=Action.FORWARDED)
    assert forwards.exists()
    assert all(f.detail.strip() for f in forwards)


def test_host_coordinators_recommend_applications_handled_elsewhere(demo):
    recommendations = Recommendation.objects.select_related("enquiry__opportunity", "enquiry__queue")
    assert recommendations.count() >= 2
    for recommendation in recommendations:
        enquiry = recommendation.enquiry
        assert recommendation.university_id == enquiry.opportunity.host_university_id
        assert recommendation.author.email == f"coordinator@{recommendation.university.slug}.example"
        assert enquiry.queue.university_id != recommendation.university_id


def test_running_seed_demo_again_leaves_the_enquiries_untouched(demo):
    before = _snapshot()
    call_command("seed_demo", not_production=True)
    assert _snapshot() == before
