"""What people see and do in the browser, checked for WCAG 2.1 AA with axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User

from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sign_in(page: Page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(live_server.url + "/")


def test_demo_student_signs_in_and_sees_their_university_and_coordinator(
    page: Page, live_server, demo_live, axe
):
    page.goto(live_server.url + "/accounts/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Sign In"))
    axe(page)

    page.get_by_label("Email").fill("student@poitiers.example")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(live_server.url + "/")
    main = page.get_by_role("main")
    expect(main).to_contain_text("University of Poitiers")
    expect(main.get_by_role("link", name="coordinator@poitiers.example")).to_be_visible()
    axe(page)


def test_visitor_sees_the_central_offices(page: Page, live_server, demo_live, axe):
    sign_in(page, live_server, "visitor@elsewhere.example")

    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="EC2U central office")).to_be_visible()
    expect(main.get_by_role("heading", name="TRUMOTION central office")).to_be_visible()
    expect(main.get_by_role("link", name="office@ec2u.example")).to_be_visible()
    axe(page)


def test_sign_up_page_has_no_accessibility_violations(page: Page, live_server, axe):
    page.goto(live_server.url + "/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page)


def test_anonymous_home_page_has_no_accessibility_violations(page: Page, live_server, axe):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page)


def test_tab_from_page_load_focuses_the_skip_link(page: Page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()


def test_tab_on_the_signed_in_home_page_focuses_the_skip_link(page: Page, live_server, demo_live):
    sign_in(page, live_server, "student@poitiers.example")
    page.reload()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()


def test_site_administrator_overrides_an_affiliation_in_the_admin_within_the_security_policy(
    page: Page, live_server, demo_live
):
    sign_in(page, live_server, "admin@hub.example")
    page.goto(live_server.url + "/admin/accounts/user/")
    page.get_by_role("link", name="student@poitiers.example").click()
    page.get_by_label("Set the home university below").check()
    page.locator("#id_override_university").select_option(label="Umeå University")
    page.get_by_label("Reason").fill("Joint degree")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("main")).to_contain_text("was changed successfully")
    student = User.objects.get(email="student@poitiers.example")
    assert student.home_university.slug == "umea"
