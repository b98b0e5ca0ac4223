"""Signing in with MyAcademicID in the browser, through a real OpenID Connect provider on loopback."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.accounts.oidc import myacademicid_settings, running_provider
from tests.accounts.saml_idp import FakeUniversityIdP

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MARIA = {
    "email": "maria.santos@mail.example",
    "email_verified": True,
    "name": "Maria Santos",
    "schac_home_organization": "uc.pt",
    "voperson_external_affiliation": ["student@uc.pt"],
}


@pytest.fixture
def issuer(settings):
    with running_provider({"maria.santos": MARIA}) as url:
        settings.SOCIALACCOUNT_PROVIDERS = myacademicid_settings(url)
        yield url


@pytest.fixture
def other_hosts(issuer) -> list[str]:
    return [urlsplit(issuer).netloc]


def _through_myacademicid(page: Page, live_server) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="Sign in with MyAcademicID").click()
    page.get_by_role("button", name="maria.santos").click()
    expect(page.get_by_role("button", name="Maria Santos")).to_be_visible()


def test_a_new_person_signs_in_with_myacademicid_and_lands_with_their_home_university(
    page: Page, live_server, demo_live, issuer, axe
):
    FakeUniversityIdP("coimbra").register(demo_live_university("coimbra"))
    page.goto(live_server.url + "/accounts/login/")
    axe(page)
    page.get_by_role("link", name="Sign in with your university").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in with your university")
    axe(page)

    _through_myacademicid(page, live_server)

    maria = User.objects.get(email="maria.santos@mail.example")
    assert maria.home_university.slug == "coimbra"
    assert not maria.has_usable_password()
    page.goto(live_server.url + "/accounts/profile/")
    expect(page.get_by_text("University of Coimbra (EC2U)")).to_be_visible()
    expect(page.get_by_text("Linked: MyAcademicID")).to_be_visible()
    axe(page)
    page.goto(live_server.url + "/accounts/3rdparty/")
    axe(page)

    page.context.clear_cookies()
    _through_myacademicid(page, live_server)
    assert User.objects.filter(email="maria.santos@mail.example").count() == 1


def demo_live_university(slug: str):
    from institutions.models import University

    return University.objects.get(slug=slug)
