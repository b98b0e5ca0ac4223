"""Passwords: at least 12 characters, and never one known from data breaches."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def _sign_up(client, password: str):
    return client.post(
        reverse("account_signup"),
        {"email": "ana@elsewhere.example", "password1": password, "password2": password},
    )


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Short pass1", "password_too_short"),  # 11 characters
        ("qwerty123456", "password_breached"),
        ("LeaveMeAlone", "password_breached"),  # the list is matched whatever the case
    ],
)
def test_sign_up_refuses_short_and_breached_passwords(client, password, code):
    response = _sign_up(client, password)
    assert response.status_code == HTTPStatus.OK
    assert code in [e.code for e in response.context["form"].errors.as_data()["password1"]]
    assert not User.objects.filter(email="ana@elsewhere.example").exists()


def test_a_long_unlisted_passphrase_is_accepted(client):
    assert _sign_up(client, "tram to the old harbour").status_code == HTTPStatus.FOUND
    assert User.objects.filter(email="ana@elsewhere.example").exists()


def test_the_sign_up_page_says_what_a_password_needs(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert "at least 12 characters" in page
    assert "appeared in data breaches" in page
