"""Sign-up, verification and address changes through allauth's own pages."""

import re
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)


def test_sign_up_needs_a_verified_address_before_the_home_university_is_known(client, poitiers):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "ana@etu.univ-poitiers.example",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="ana@etu.univ-poitiers.example")
    assert user.home_university is None
    assert client.get(reverse("home")).wsgi_request.user.is_anonymous

    assert len(mail.outbox) == 1
    client.post(_confirmation_link(mail.outbox[0]))

    user.refresh_from_db()
    assert user.home_university == poitiers
    assert client.get(reverse("home")).wsgi_request.user == user


def test_sign_in_is_by_e_mail_address_only(client):
    UserFactory(email="ana@elsewhere.example")
    response = client.post(
        reverse("account_login"), {"login": "ana@elsewhere.example", "password": "password"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == reverse("home")


def test_unverified_person_cannot_sign_in(client):
    UserFactory(email="ana@elsewhere.example", verified=False)
    response = client.post(
        reverse("account_login"), {"login": "ana@elsewhere.example", "password": "password"}
    )
    assert response.url == reverse("account_email_verification_sent")
    assert client.get(reverse("home")).wsgi_request.user.is_anonymous


def test_making_another_university_s_address_primary_changes_the_home_university(client, poitiers, jena):
    user = UserFactory(email="ana@univ-poitiers.example")
    EmailAddress.objects.create(user=user, email="ana@uni-jena.example", verified=True, primary=False)
    client.force_login(user)
    from accounts.services import user_refresh_home_university

    user_refresh_home_university(user=user)
    assert User.objects.get(pk=user.pk).home_university == poitiers

    response = client.post(reverse("account_email"), {"action_primary": "", "email": "ana@uni-jena.example"})

    assert response.status_code == HTTPStatus.FOUND
    user.refresh_from_db()
    assert user.email == "ana@uni-jena.example"
    assert user.home_university == jena


def test_verifying_an_added_address_does_not_change_the_university_until_it_is_primary(
    client, poitiers, jena
):
    user = UserFactory(email="ana@univ-poitiers.example")
    client.force_login(user)
    client.post(reverse("account_email"), {"action_add": "", "email": "ana@uni-jena.example"})
    client.post(_confirmation_link(mail.outbox[-1]))
    user.refresh_from_db()
    assert user.home_university == poitiers


def test_password_reset_page_never_reveals_whether_an_account_exists(client):
    UserFactory(email="ana@elsewhere.example")
    known = client.post(reverse("account_reset_password"), {"email": "ana@elsewhere.example"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@elsewhere.example"})
    assert known.status_code == unknown.status_code == HTTPStatus.FOUND
    assert known.url == unknown.url
    links = {m.to[0]: "/accounts/password/reset/key/" in m.body for m in mail.outbox}
    assert links == {"ana@elsewhere.example": True, "nobody@elsewhere.example": False}


def test_repeated_failed_sign_ins_lock_the_account_for_a_while(client):
    UserFactory(email="ana@elsewhere.example")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "ana@elsewhere.example", "password": "wrong"})
    response = client.post(
        reverse("account_login"), {"login": "ana@elsewhere.example", "password": "password"}
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["form"].errors.as_data()["__all__"][0].code == "too_many_login_attempts"
    assert response.wsgi_request.user.is_anonymous
