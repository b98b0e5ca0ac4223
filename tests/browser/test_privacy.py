"""The privacy pages and the error page in the browser, checked with axe."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User

from .conftest import DEMO_PASSWORD
from .test_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_person_reads_the_privacy_page_and_deletes_their_account(page: Page, live_server, demo_live, axe):
    sign_in(page, live_server, "academic@turku.example")
    page.get_by_role("contentinfo").get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page)

    page.goto(live_server.url + "/accounts/profile/")
    page.get_by_role("link", name="Delete my account").click()
    axe(page)
    page.get_by_label("Your current password").fill("not my password")
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_text("This is not your current password.")).to_be_visible()
    axe(page)
    page.get_by_label("Your current password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Delete my account for good").click()

    expect(page.get_by_role("status")).to_contain_text(
        "Your account and your personal data have been deleted."
    )
    assert not User.objects.filter(email="academic@turku.example").exists()


def test_the_not_found_page_is_accessible(page: Page, live_server, demo_live, axe):
    page.goto(live_server.url + "/no/such/page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    axe(page)
