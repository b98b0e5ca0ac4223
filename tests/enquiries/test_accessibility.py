"""The accessibility statement: its feedback form files an enquiry to a central office."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from enquiries.forms import EnquiryForm
from enquiries.models import Enquiry, Queue, Topic
from enquiries.routing import RouteReason
from enquiries.services.queues import topic_queue_create
from tests.institutions.factories import AllianceFactory

pytestmark = pytest.mark.django_db

STATEMENT = reverse("accessibility:statement")
FEEDBACK = reverse("accessibility:feedback")


def _feedback(world, **overrides) -> dict:
    return {
        "alliance": world.alliance_a.pk,
        "page": "/opportunities/",
        "subject": "Filters unreachable with the keyboard",
        "message": "I cannot open the country filter with the Tab key.",
        **overrides,
    }


def test_statement_is_public_and_sends_visitors_to_sign_in_or_to_a_central_office(client, world):
    response = client.get(STATEMENT)

    assert response.status_code == HTTPStatus.OK
    assert response.context["form"] is None
    body = response.content.decode()
    assert "EN 301 549" in body
    assert "WCAG" in body
    assert f"{reverse('account_login')}?next=%2Faccessibility%2F%23feedback" in body
    assert 'href="mailto:office@alla.example"' in body
    assert 'href="mailto:office@allb.example"' in body


def test_statement_states_its_review_date_and_the_configured_enforcement_body(client, world, settings):
    import datetime as dt

    settings.ACCESSIBILITY_STATEMENT_REVIEWED = dt.date(2027, 3, 5)
    settings.ACCESSIBILITY_ENFORCEMENT_URL = "https://enforcement.example/complaints"

    body = client.get(STATEMENT).content.decode()

    assert "March 5, 2027" in body
    assert 'href="https://enforcement.example/complaints"' in body


def test_every_page_links_to_the_statement_naming_the_page(client, world):
    anonymous = client.get(reverse("home")).content.decode()
    client.force_login(world.student_a1)
    signed_in = client.get(reverse("enquiries:mine")).content.decode()

    assert f'href="{STATEMENT}?page=/"' in anonymous
    assert f'href="{STATEMENT}?page=/enquiries/"' in signed_in


def test_signed_in_person_gets_the_form_with_their_home_alliance_and_the_page_concerned(client, world):
    client.force_login(world.student_b1)

    response = client.get(STATEMENT, {"page": "/opportunities/"})

    form = response.context["form"]
    assert form["alliance"].value() == world.alliance_b.pk
    assert list(form.fields["alliance"].queryset) == [world.alliance_a, world.alliance_b]
    assert form["page"].value() == "/opportunities/"


def test_statement_does_not_name_itself_as_the_page_concerned(client, world):
    client.force_login(world.outsider)
    form = client.get(STATEMENT, {"page": STATEMENT}).context["form"]
    assert form["page"].value() == ""
    assert form["alliance"].value() is None


def test_member_s_feedback_goes_to_the_central_office_not_to_their_coordinator(client, world):
    client.force_login(world.student_a1)

    response = client.post(FEEDBACK, _feedback(world))

    enquiry = Enquiry.objects.get(requester=world.student_a1)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == enquiry.get_absolute_url()
    assert (enquiry.queue, enquiry.topic, enquiry.kind) == (
        world.central_a,
        Topic.ACCESSIBILITY,
        Enquiry.Kind.QUESTION,
    )
    assert enquiry.route_reason == RouteReason.ACCESSIBILITY.name
    assert enquiry.subject == "Filters unreachable with the keyboard"
    body = enquiry.messages.get().body
    assert "/opportunities/" in body
    assert "I cannot open the country filter with the Tab key." in body

    page = client.get(response.url)
    assert enquiry.reference in next(str(m) for m in page.context["messages"])


def test_feedback_goes_to_the_chosen_alliance_s_central_office(client, world):
    client.force_login(world.student_a1)
    client.post(FEEDBACK, _feedback(world, alliance=world.alliance_b.pk, page=""))
    enquiry = Enquiry.objects.get(requester=world.student_a1)
    assert enquiry.queue == world.central_b
    assert enquiry.messages.get().body == "I cannot open the country filter with the Tab key."


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("subject", "", "required"),
        ("message", "", "required"),
        ("message", "x" * 10_001, "max_length"),
        ("alliance", "", "required"),
        ("alliance", "999999", "invalid_choice"),
        ("page", "/" * 501, "max_length"),
    ],
)
def test_bad_feedback_is_refused_with_a_message_and_the_text_is_kept(client, world, field, value, code):
    client.force_login(world.student_a1)

    response = client.post(FEEDBACK, _feedback(world, **{field: value}))

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert [e.code for e in response.context["form"].errors.as_data()[field]] == [code]
    body = response.content.decode()
    assert "Your feedback has not been sent yet" in body
    if field != "message":
        assert "I cannot open the country filter with the Tab key." in body
    assert not Enquiry.objects.exists()


def test_alliance_without_central_office_is_not_offered(client, world):
    lonely = AllianceFactory(code="LONELY", slug="lonely")
    client.force_login(world.outsider)

    response = client.post(FEEDBACK, _feedback(world, alliance=lonely.pk))

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert [e.code for e in response.context["form"].errors.as_data()["alliance"]] == ["invalid_choice"]


def test_feedback_beyond_the_hourly_limit_is_refused_and_the_text_kept(client, world, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "enquiry_submission": "1/h/user"}
    client.force_login(world.outsider)
    client.post(FEEDBACK, _feedback(world))

    response = client.post(FEEDBACK, _feedback(world, subject="Second try"))

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["rate_limited"]
    assert "Second try" in response.content.decode()
    assert Enquiry.objects.count() == 1


def test_installation_with_one_alliance_asks_no_alliance(client, world):
    Queue.objects.filter(alliance=world.alliance_b).delete()
    client.force_login(world.outsider)

    form = client.get(STATEMENT).context["form"]
    response = client.post(FEEDBACK, _feedback(world, alliance=""))

    assert "alliance" not in form.fields
    assert response.status_code == HTTPStatus.FOUND
    assert Enquiry.objects.get().queue == world.central_a


def test_anonymous_feedback_is_sent_to_sign_in_and_nothing_is_filed(client, world):
    response = client.post(FEEDBACK, _feedback(world))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))
    assert not Enquiry.objects.exists()


def test_opening_the_feedback_address_leads_back_to_the_form(client, world):
    client.force_login(world.outsider)
    response = client.get(FEEDBACK)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"{STATEMENT}#feedback"


def test_no_university_handles_accessibility_feedback(world):
    with pytest.raises(ValidationError) as refused:
        topic_queue_create(
            university=world.a1, topic=Topic.ACCESSIBILITY, name="a1 accessibility", by=world.coordinator_a1
        )
    assert refused.value.code == "invalid_topic"
    queue = Queue(alliance=world.alliance_a, university=world.a1, topic=Topic.ACCESSIBILITY, name="x")
    with pytest.raises(ValidationError) as invalid:
        queue.clean()
    assert invalid.value.error_dict["topic"][0].code == "central_office_topic"
    assert Topic.ACCESSIBILITY not in dict(EnquiryForm().fields["topic"].choices)
