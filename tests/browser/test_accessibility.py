"""The accessibility statement and its feedback form in the browser, checked with axe."""

import pytest
from playwright.sync_api import Page, expect

from enquiries.models import Enquiry, Topic
from institutions.models import Alliance

from .test_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_student_reports_a_barrier_which_reaches_the_central_office(page: Page, live_server, demo_live, axe):
    sign_in(page, live_server, "student@poitiers.example")
    page.goto(live_server.url + "/opportunities/")
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    expect(page.get_by_label("Page concerned")).to_have_value("/opportunities/")
    expect(page.get_by_label("Alliance")).to_have_value(str(Alliance.objects.get(code="EC2U").pk))
    axe(page)

    page.get_by_label("Subject").fill("Low contrast in the filters")
    page.get_by_label("Describe the problem").fill("The filter labels are hard to read with low vision.")
    page.get_by_role("button", name="Send feedback").click()

    enquiry = Enquiry.objects.get(subject="Low contrast in the filters")
    assert (enquiry.queue.university, enquiry.queue.alliance.code, enquiry.topic) == (
        None,
        "EC2U",
        Topic.ACCESSIBILITY,
    )
    expect(page).to_have_url(live_server.url + enquiry.get_absolute_url())
    expect(page.get_by_role("status")).to_contain_text(enquiry.reference)
    axe(page)


def test_visitor_sees_the_statement_with_a_sign_in_link_and_the_central_offices(
    page: Page, live_server, demo_live, axe
):
    page.goto(live_server.url + "/accessibility/")

    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Sign in to send feedback")).to_be_visible()
    expect(main.get_by_role("link", name="office@ec2u.example")).to_be_visible()
    expect(main.get_by_role("link", name="office@trumotion.example")).to_be_visible()
    axe(page)
