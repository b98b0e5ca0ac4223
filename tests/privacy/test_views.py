from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_privacy_page_is_public_and_states_the_retention_period(client, settings):
    settings.ENQUIRY_RETENTION_DAYS = 365
    page = client.get(reverse("privacy:notice"))
    assert page.status_code == HTTPStatus.OK
    assert b"<h1" in page.content
    assert b"for 365 days after it is closed or withdrawn" in page.content
    assert reverse("account_login").encode() in page.content
    assert reverse("privacy:export").encode() not in page.content


def test_privacy_page_offers_download_and_deletion_when_signed_in(client):
    client.force_login(UserFactory())
    page = client.get(reverse("privacy:notice"))
    assert reverse("privacy:export").encode() in page.content
    assert reverse("privacy:delete").encode() in page.content


def test_every_page_links_to_the_privacy_page_in_its_footer(client):
    home = client.get(reverse("home")).content.decode()
    footer = home[home.index("<footer") :]
    assert f'href="{reverse("privacy:notice")}"' in footer


def test_profile_links_to_download_and_deletion(client):
    client.force_login(UserFactory())
    profile = client.get(reverse("accounts:profile"))
    assert reverse("privacy:export").encode() in profile.content
    assert reverse("privacy:delete").encode() in profile.content


def test_deleting_needs_a_signed_in_person(client):
    response = client.post(reverse("privacy:delete"), {"password": "password"})
    assert reverse("account_login") in response.url


def test_repeated_wrong_passwords_are_slowed_down(client):
    user = UserFactory()
    client.force_login(user)
    statuses = [client.post(reverse("privacy:delete"), {"password": "guess"}).status_code for _ in range(12)]
    assert statuses[0] == HTTPStatus.BAD_REQUEST
    assert statuses[-1] == HTTPStatus.TOO_MANY_REQUESTS
    assert (
        client.post(reverse("privacy:delete"), {"password": "password"}).status_code
        == HTTPStatus.TOO_MANY_REQUESTS
    )
