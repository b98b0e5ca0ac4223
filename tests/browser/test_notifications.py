"""The bell tells the student a coordinator replied; notification pages pass axe."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from enquiries.services import enquiry_reply, enquiry_submit
from opportunities.models import Opportunity

from .test_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_bell_counts_the_coordinator_s_reply_and_pages_pass_axe(page: Page, live_server, demo_live, axe):
    student = User.objects.get(email="student@umea.example")
    opportunity = Opportunity.objects.open_now().filter(alliance__slug="ec2u").order_by("title").first()
    enquiry = enquiry_submit(
        requester=student, alliance=opportunity.alliance, subject="Housing", message="Is housing offered?",
        opportunity=opportunity,
    )  # fmt: skip
    sign_in(page, live_server, "student@umea.example")
    before = student.notifications.unread().count()
    enquiry_reply(enquiry=enquiry, by=User.objects.get(email="coordinator@umea.example"), body="Yes, it is.")
    page.goto(live_server.url + "/")
    bell = page.get_by_role("link", name="Notifications")
    expect(bell).to_contain_text(str(before + 1))
    bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    axe(page)
    page.get_by_role("button", name="Open").first.click()
    expect(page).to_have_url(live_server.url + enquiry.get_absolute_url())
    page.goto(live_server.url + "/notifications/preferences/")
    axe(page)
    page.get_by_role("group", name="Deadlines of my saved opportunities").get_by_label(
        "One e-mail a day"
    ).check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    axe(page)
