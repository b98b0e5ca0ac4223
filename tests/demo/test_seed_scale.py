import datetime as dt
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import affiliations_reconcile
from demo.scale import PRESETS, ScaleDataError, Sizes, seed_scale
from demo.seed import seed_demo
from enquiries.models import AuditEntry, Enquiry, Message, Queue, QueueMembership, ReferenceCounter
from enquiries.routing import route
from enquiries.selectors import alliance_queue_options, routing_request
from enquiries.services.submission import enquiry_submit, first_response_due
from institutions.models import Alliance, EmailDomain, University
from notifications.models import Notification
from opportunities.models import AUDIENCE_FIELDS, Opportunity, OpportunityLanguage, SavedOpportunity
from opportunities.services import deadline_end

pytestmark = pytest.mark.django_db

AT = "2026-05-06T09:00:00+02:00"
CI = PRESETS["ci"]
TINY = {
    "alliances": 2, "universities": 5, "people": 80, "opportunities": 30, "enquiries": 120, "messages": 300,
    "saved": 20, "notifications": 30,
}  # fmt: skip


def _seed(**options) -> str:
    out = StringIO()
    call_command("seed_scale", not_production=True, at=AT, stdout=out, **options)
    return out.getvalue()


class _RollBack(Exception):
    pass


def _fingerprint(**options) -> dict:
    """What a run generates, with the database rolled back afterwards."""
    try:
        with transaction.atomic():
            _seed(**options)
            raise _RollBack(
                {
                    "references": list(
                        Enquiry.objects.order_by("pk").values_list("reference", "subject", "status")
                    ),
                    "people": list(User.objects.order_by("pk").values_list("email", "home_university__slug")),
                    "opportunities": list(
                        Opportunity.objects.order_by("pk").values_list("slug", "application_deadline")
                    ),
                    "messages": list(Message.objects.order_by("pk").values_list("body", "created_at")),
                }
            )
    except _RollBack as rolled_back:
        return rolled_back.args[0]


def test_the_ci_preset_generates_what_it_says():
    out = _seed(preset="ci", seed=3)

    assert Alliance.objects.count() == CI.alliances
    assert University.objects.count() == CI.universities
    assert User.objects.count() == CI.people
    assert Opportunity.objects.count() == CI.opportunities
    assert Enquiry.objects.count() == CI.enquiries
    assert Message.objects.count() == CI.messages
    assert SavedOpportunity.objects.count() == CI.saved
    assert Notification.objects.count() == CI.notifications
    for stage in ("institutions", "people", "opportunities", "search", "saved", "enquiries"):
        assert stage in out
    assert "Scale data ready in" in out
    # Every kind, audience and format; many languages; deadlines past, coming and rolling.
    assert set(Opportunity.objects.values_list("kind", flat=True)) == set(Opportunity.Kind.values)
    assert set(Opportunity.objects.values_list("format", flat=True)) == set(Opportunity.Format.values)
    for field in AUDIENCE_FIELDS.values():
        assert Opportunity.objects.filter(**{field: True}).exists()
    assert OpportunityLanguage.objects.values("code").distinct().count() >= 10
    today = dt.date.fromisoformat(AT[:10])
    assert Opportunity.objects.filter(application_deadline__lt=today).count() > 100
    assert Opportunity.objects.filter(
        application_deadline__range=(today, today + dt.timedelta(days=60))
    ).exists()
    assert Opportunity.objects.filter(rolling_applications=True).exists()
    assert set(Enquiry.objects.values_list("status", flat=True)) == set(Enquiry.Status.values)
    if connection.vendor == "postgresql":
        assert not Opportunity.objects.filter(search_vector__isnull=True).exists()


def test_the_generated_data_keeps_the_rules_the_product_relies_on():
    _seed(preset="ci", seed=4)

    assert affiliations_reconcile() == 0  # home universities are what the e-mail domains say
    assert not Queue.objects.annotate(n=Count("memberships")).filter(n=0).exists()
    for alliance in Alliance.objects.all():
        assert alliance.universities.filter(is_coordinating=True).count() == 1
        assert Queue.objects.central().filter(alliance=alliance).count() == 1
        assert Role.objects.filter(kind=Role.Kind.CENTRAL_OFFICE, alliance=alliance).exists()
    for university in University.objects.all():
        assert university.queues.filter(topic="").exists()
        assert Role.objects.filter(kind=Role.Kind.COORDINATOR, university=university).exists()
    options = {a: alliance_queue_options(a) for a in Alliance.objects.values_list("pk", flat=True)}
    enquiries = Enquiry.objects.select_related(
        "requester__home_university", "queue__university", "queue__alliance", "alliance", "opportunity"
    ).prefetch_related("messages")
    for enquiry in enquiries:
        found = route(
            routing_request(enquiry.requester, enquiry.alliance_id, enquiry.topic),
            options[enquiry.alliance_id],
        )
        assert (found.queue_id, found.reason.name) == (enquiry.queue_id, enquiry.route_reason)
        assert enquiry.requester_university_id == enquiry.requester.home_university_id
        assert enquiry.first_response_due == first_response_due(enquiry.queue, enquiry.created_at)
        assert enquiry.reference == f"{enquiry.alliance.code}-{enquiry.year}-{enquiry.number:06d}"
        if enquiry.status == Enquiry.Status.NEW:
            assert enquiry.assignee_id is None
        if enquiry.status in (Enquiry.Status.OPEN, Enquiry.Status.WAITING, Enquiry.Status.RESOLVED):
            assert enquiry.assignee_id is not None
        if enquiry.opportunity is not None:
            assert enquiry.opportunity.alliance_id == enquiry.alliance_id
            assert enquiry.opportunity.published_at <= enquiry.created_at
        thread = list(enquiry.messages.all())
        assert (thread[0].author_id, thread[0].created_at) == (enquiry.requester_id, enquiry.created_at)
        answers = [m.created_at for m in thread if m.author_id != enquiry.requester_id and not m.is_internal]
        if answers:
            assert enquiry.first_response_at == min(answers)
        for moment in (enquiry.first_response_at, enquiry.status_changed_at, enquiry.closed_at):
            assert moment is None or enquiry.created_at <= moment <= dt.datetime.fromisoformat(AT)
    for counter in ReferenceCounter.objects.all():
        numbers = Enquiry.objects.filter(alliance=counter.alliance, year=counter.year)
        assert numbers.aggregate(n=Count("pk"), last=Max("number")) == {
            "n": counter.last_number,
            "last": counter.last_number,
        }
    for opportunity in Opportunity.objects.select_related("host_university"):
        assert opportunity.deadline_ends_at == deadline_end(opportunity)
        opportunity.full_clean(exclude=["sdgs"])
    assert AuditEntry.objects.filter(action=AuditEntry.Action.SUBMITTED).count() == CI.enquiries
    # The busiest queue is much busier than the median one.
    per_queue = sorted(Enquiry.objects.values("queue").annotate(n=Count("pk")).values_list("n", flat=True))
    assert per_queue[-1] > 5 * per_queue[len(per_queue) // 2]


def test_the_same_seed_gives_the_same_data():
    first = _fingerprint(seed=5, **TINY)
    again = _fingerprint(seed=5, **TINY)
    other = _fingerprint(seed=6, **TINY)

    assert first == again
    assert len(first["references"]) == TINY["enquiries"]
    assert first["references"] != other["references"]


@pytest.fixture
def demo(db):
    """The demo data for this one test: the module's other tests need a database without it."""
    return seed_demo(password="demo-password")


def test_the_data_is_usable_next_to_the_demo_data(demo, client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = False  # generated staff have no authenticator
    demo_references = set(Enquiry.objects.values_list("reference", flat=True))
    demo_domains = set(EmailDomain.objects.values_list("domain", flat=True))
    _seed(preset="ci", seed=8)

    assert set(Enquiry.objects.values_list("reference", flat=True)) >= demo_references
    assert set(EmailDomain.objects.values_list("domain", flat=True)) >= demo_domains
    busiest = Queue.objects.annotate(n=Count("enquiries")).order_by("-n").first()
    member = QueueMembership.objects.filter(queue=busiest).order_by("pk").first().user
    client.force_login(member)
    opportunity = Opportunity.objects.listed().filter(host_university__isnull=False).order_by("pk").first()
    filters = {
        "q": opportunity.title.split()[0],
        "country": str(opportunity.country) or "FR",
        "kind": opportunity.kind,
        "audience": opportunity.audiences[0],
    }
    assert client.get(reverse("opportunities:catalogue"), filters).status_code == HTTPStatus.OK
    response = client.get(reverse("api-opportunities"), filters)
    assert response.status_code == HTTPStatus.OK, response.content
    assert client.get(reverse("opportunities:detail", args=[opportunity.slug])).status_code == HTTPStatus.OK
    response = client.get(
        reverse("queue:index"), {"status": ["new", "open"], "assignee": "anyone", "ordering": "due"}
    )
    assert response.status_code == HTTPStatus.OK
    longest = busiest.enquiries.annotate(n=Count("messages")).order_by("-n").first()
    response = client.get(reverse("enquiries:detail", args=[longest.reference]))
    assert response.status_code == HTTPStatus.OK
    call_command("send_reminders", at=AT, stdout=StringIO())

    requester = User.objects.filter(home_university__alliance=busiest.alliance).order_by("pk").last()
    counter = ReferenceCounter.objects.filter(alliance=busiest.alliance, year=timezone.now().year).first()
    enquiry = enquiry_submit(
        requester=requester, alliance=busiest.alliance, subject="After the scale data", message="Hello."
    )
    assert enquiry.number == (counter.last_number if counter else 0) + 1
    assert Enquiry.objects.filter(reference=enquiry.reference).count() == 1


def test_a_second_scale_set_is_refused():
    _seed(**TINY)
    enquiries = Enquiry.objects.count()

    with pytest.raises(CommandError, match="already holds scale data"):
        _seed(**TINY)
    assert Enquiry.objects.count() == enquiries


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"universities": 3}, "--universities"),
        ({"people": 10}, "--people"),
        ({"messages": 50}, "--messages"),
        ({"opportunities": 0}, "--opportunities"),
    ],
)
def test_impossible_sizes_are_refused_before_anything_is_written(change, problem):
    with pytest.raises(ScaleDataError, match=problem):
        seed_scale(sizes=Sizes(**(TINY | change)), seed=1, at=dt.datetime.fromisoformat(AT), password="x")
    assert not Alliance.objects.exists()


def test_options_override_the_preset_and_set_messages_per_enquiry():
    _seed(preset="ci", enquiries=100, messages_per_enquiry=2.5, alliances=2, universities=6, people=300)

    assert Enquiry.objects.count() == 100
    assert Message.objects.count() == 250
    assert University.objects.count() == 6
    assert Alliance.objects.count() == 2


def test_the_demo_data_can_follow_the_scale_data():
    _seed(**TINY)
    seed_demo(password="demo-password")

    assert Alliance.objects.filter(slug__in=["ec2u", "trumotion"]).count() == 2
    assert Enquiry.objects.filter(alliance__slug="ec2u").exists()
    assert Enquiry.objects.count() > TINY["enquiries"]
