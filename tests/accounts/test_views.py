from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_profile_needs_sign_in(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("account_login"))


def test_person_changes_display_name_and_language_but_not_their_university(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Ana Silva", "language": "fr", "home_university": "1"},
    )
    assert response.status_code == HTTPStatus.FOUND
    user.refresh_from_db()
    assert (user.display_name, user.language, user.home_university) == ("Ana Silva", "fr", None)


def test_profile_rejects_an_unknown_language_with_a_message(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"display_name": "Ana", "language": "xx"})
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors.as_data()["language"][0].code == "invalid_choice"


def test_pages_follow_the_signed_in_person_s_language(client):
    client.force_login(UserFactory(language="fr"))
    response = client.get(reverse("home"))
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr">' in response.content.decode()


def test_language_switch_is_remembered_for_a_signed_in_person(client):
    user = UserFactory(language="en")
    client.force_login(user)
    response = client.post(reverse("accounts:language"), {"language": "fr", "next": "/"})
    assert response.status_code == HTTPStatus.FOUND
    user.refresh_from_db()
    assert user.language == "fr"


def test_language_switch_works_for_anonymous_visitors(client, db):
    client.post(reverse("accounts:language"), {"language": "fr", "next": "/"})
    assert client.get(reverse("home"))["Content-Language"] == "fr"


def test_language_switch_ignores_unsupported_languages(client):
    user = UserFactory(language="en")
    client.force_login(user)
    client.post(reverse("accounts:language"), {"language": "de", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"
