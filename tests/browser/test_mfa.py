"""A coordinator sets up two-factor authentication before the work queue opens (issue: trust)."""

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.sessions import totp_code

from .test_enquiry_journey import sign_out
from .test_journeys import DEMO_PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_coordinator_sets_up_an_authenticator_then_signs_in_with_it(
    page: Page, live_server, demo_live, axe, settings
):
    settings.MFA_REQUIRED_FOR_STAFF = True
    sign_in(page, live_server, "coordinator@turku.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Work queue").click()

    # allauth asks for the password again before any change to the sign-in methods.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Access")
    expect(page.get_by_role("status").first).to_contain_text("two-factor authentication")
    axe(page)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Activate Authenticator App")
    axe(page)
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery Codes")
    axe(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Work queue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Work queue")
    sign_out(page, live_server)

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill("coordinator@turku.example")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    axe(page)
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(live_server.url + "/")
