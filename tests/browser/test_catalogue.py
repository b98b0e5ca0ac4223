"""A student finds, opens and saves an opportunity; a coordinator opens the management form."""

import re

import pytest
from playwright.sync_api import Page, expect

from opportunities.models import Opportunity, SavedOpportunity

from .test_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_student_filters_opens_and_saves_an_opportunity(page: Page, live_server, demo_live, axe):
    sign_in(page, live_server, "student@coimbra.example")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Opportunities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opportunities")
    axe(page)

    page.get_by_role("group", name="Country").get_by_label("France").check()
    page.get_by_role("group", name="Sustainable development goal").get_by_label(
        "11. Sustainable cities"
    ).check()
    page.get_by_role("button", name="Apply filters").click()

    expected = Opportunity.objects.listed().filter(country="FR", sdgs__number=11).distinct()
    assert expected.exists()
    expect(page).to_have_url(re.compile(r"country=FR.*sdg=11"))
    expect(page.get_by_role("heading", level=3)).to_have_count(expected.count())
    axe(page)

    target = expected.order_by("title").first()
    page.get_by_role("link", name=target.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(target.title)
    axe(page)
    page.get_by_role("button", name=f"Save {target.title}").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Saved").click()
    expect(page.get_by_role("link", name=target.title)).to_be_visible()
    axe(page)
    assert SavedOpportunity.objects.filter(user__email="student@coimbra.example", opportunity=target).exists()


def test_coordinator_opens_the_management_form(page: Page, live_server, demo_live, axe):
    sign_in(page, live_server, "coordinator@turku.example")
    page.get_by_role("link", name="Manage opportunities").click()
    axe(page)
    page.get_by_role("link", name="New opportunity").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New opportunity")
    axe(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("nothing has been saved")
    axe(page)
