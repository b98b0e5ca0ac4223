"""A student asks about an opportunity; her coordinator handles it to resolution."""

import pytest
from playwright.sync_api import Page, expect

from enquiries.models import Enquiry
from opportunities.models import Opportunity

from .test_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_out(page: Page, live_server) -> None:
    page.goto(live_server.url + "/accounts/logout/")
    page.get_by_role("main").get_by_role("button", name="Sign Out").click()


def test_student_enquiry_is_handled_by_her_coordinator_until_resolved(
    page: Page, live_server, demo_live, axe
):
    opportunity = (
        Opportunity.objects.open_now().filter(host_university__slug="jena").order_by("title").first()
    )
    sign_in(page, live_server, "student@poitiers.example")
    page.goto(live_server.url + opportunity.get_absolute_url())
    page.get_by_role("link", name="Get involved").click()
    expect(page.get_by_role("complementary")).to_contain_text(
        "Your local EC2U coordinator at University of Poitiers"
    )
    axe(page)
    page.get_by_label("Question").check()
    page.get_by_label("Subject").fill("Courses taught in English?")
    page.get_by_label("Message").fill("Which courses of this programme are taught in English?")
    page.get_by_role("button", name="Send").click()

    enquiry = Enquiry.objects.get(subject="Courses taught in English?")
    assert enquiry.queue.university.slug == "poitiers"
    expect(page.get_by_role("status")).to_contain_text(enquiry.reference)
    axe(page)
    sign_out(page, live_server)

    sign_in(page, live_server, "coordinator@poitiers.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Work queue").click()
    axe(page)
    page.get_by_role("link", name=enquiry.reference).click()
    axe(page)
    page.get_by_role("button", name="Assign to me").click()
    page.get_by_label("Your message").fill("Most of them are. Which semester are you thinking of?")
    page.get_by_label("This asks the requester a question").check()
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Waiting for the requester").first).to_be_visible()
    axe(page)
    sign_out(page, live_server)

    sign_in(page, live_server, "student@poitiers.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My enquiries").click()
    axe(page)
    page.get_by_role("link", name=enquiry.reference).click()
    expect(page.get_by_role("main")).to_contain_text("Which semester are you thinking of?")
    axe(page)
    page.get_by_label("Your message").fill("The spring semester.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("main")).to_contain_text("The spring semester.")
    sign_out(page, live_server)

    sign_in(page, live_server, "coordinator@poitiers.example")
    page.goto(live_server.url + enquiry.get_absolute_url())
    page.get_by_role("button", name="Mark as Resolved").click()
    expect(page.get_by_role("main").locator(".badge.status-resolved")).to_be_visible()
    axe(page)
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.assignee.email) == (
        Enquiry.Status.RESOLVED,
        "coordinator@poitiers.example",
    )
