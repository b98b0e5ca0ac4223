"""Account security through allauth's own pages: throttling, sessions, no account enumeration.

The lockout of one address after repeated failed sign-ins and the redirect of a password
reset request are in ``test_flows.py``; this module covers the rest.
"""

import re
from http import HTTPStatus
from types import SimpleNamespace
from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
RESET = reverse("account_reset_password")
NEW_PASSWORD = "a brand new passphrase 42"


def _sign_in(client: Client, email: str, password: str):
    return client.post(LOGIN, {"login": email, "password": password})


def _form_errors(response) -> list[tuple[str, str]]:
    return [(e.code, str(e.message)) for e in response.context["form"].errors.as_data()["__all__"]]


def _signed_in(client: Client) -> bool:
    return client.get(reverse("home")).wsgi_request.user.is_authenticated


def _page_without(response, *variable: str) -> str:
    """The page as text, without its CSRF token and the given values (e.g. what the person typed)."""
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
    for value in variable:
        body = body.replace(value, "")
    return body


# Rate limits (allauth's defaults: login_failed 10/m/ip and 5/5min per address; reset 20/m/ip, 5/m/key)


def test_failed_sign_ins_throttle_an_unknown_address_exactly_like_a_known_one(client):
    UserFactory(email="ana@elsewhere.example")
    answers = {}
    for email in ("ana@elsewhere.example", "nobody@elsewhere.example"):
        for _ in range(5):
            _sign_in(client, email, "wrong")
        answers[email] = _sign_in(client, email, "wrong")

    known, unknown = answers.values()
    assert known.status_code == unknown.status_code == HTTPStatus.OK
    assert [code for code, _ in _form_errors(known)] == ["too_many_login_attempts"]
    assert _form_errors(known) == _form_errors(unknown)


def test_failed_sign_ins_from_one_client_are_throttled_across_addresses(client):
    UserFactory(email="ana@elsewhere.example")
    for n in range(10):
        _sign_in(client, f"guess{n}@elsewhere.example", "wrong")

    response = _sign_in(client, "ana@elsewhere.example", "password")

    assert [code for code, _ in _form_errors(response)] == ["too_many_login_attempts"]
    assert not _signed_in(client)


def test_a_locked_address_does_not_lock_out_other_people(client):
    UserFactory(email="ana@elsewhere.example")
    UserFactory(email="ben@elsewhere.example")
    for _ in range(5):
        _sign_in(client, "ana@elsewhere.example", "wrong")

    response = _sign_in(client, "ben@elsewhere.example", "password")

    assert response.status_code == HTTPStatus.FOUND
    assert _signed_in(client)


def test_sign_in_lockout_ends_after_five_minutes(client, monkeypatch):
    import time

    from allauth.core.internal import ratelimit

    UserFactory(email="ana@elsewhere.example")
    for _ in range(5):
        _sign_in(client, "ana@elsewhere.example", "wrong")
    assert (
        _form_errors(_sign_in(client, "ana@elsewhere.example", "password"))[0][0] == "too_many_login_attempts"
    )

    later = time.time() + 5 * 60 + 1
    clock = SimpleNamespace(time=lambda: later, monotonic=time.monotonic, sleep=time.sleep)
    monkeypatch.setattr(ratelimit, "time", clock)

    assert _sign_in(client, "ana@elsewhere.example", "password").status_code == HTTPStatus.FOUND


@pytest.mark.parametrize("email", ["ana@elsewhere.example", "nobody@elsewhere.example"])
def test_password_reset_requests_for_one_address_are_throttled_whether_or_not_it_exists(client, email):
    UserFactory(email="ana@elsewhere.example")
    answers = [client.post(RESET, {"email": email}).status_code for _ in range(6)]

    assert answers == [HTTPStatus.FOUND] * 5 + [HTTPStatus.TOO_MANY_REQUESTS]
    assert len(mail.outbox) == 5


def test_throttled_password_reset_explains_itself_in_the_site_s_layout(client):
    for _ in range(5):
        client.post(RESET, {"email": "ana@elsewhere.example"})

    response = client.post(RESET, {"email": "ana@elsewhere.example"})

    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert [t.name for t in response.templates][:2] == ["429.html", "base.html"]
    assert "Too many attempts" in response.content.decode()


def test_password_reset_requests_from_one_client_are_throttled_across_addresses(client):
    answers = [client.post(RESET, {"email": f"guess{n}@elsewhere.example"}).status_code for n in range(21)]
    assert answers == [HTTPStatus.FOUND] * 20 + [HTTPStatus.TOO_MANY_REQUESTS]


def test_rate_limits_count_the_client_behind_a_trusted_proxy(settings):
    # Behind one reverse proxy every request comes from the proxy's address; with
    # ALLAUTH_TRUSTED_PROXY_COUNT = 1 the limits follow the client the proxy reports.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    first, second = (
        Client(HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy),
        Client(HTTP_X_FORWARDED_FOR="192.0.2.2"),
    )
    for n in range(20):
        first.post(RESET, {"email": f"guess{n}@elsewhere.example"}, **proxy)

    assert (
        first.post(RESET, {"email": "x@elsewhere.example"}, **proxy).status_code
        == HTTPStatus.TOO_MANY_REQUESTS
    )
    assert second.post(RESET, {"email": "x@elsewhere.example"}, **proxy).status_code == HTTPStatus.FOUND


# Sessions end when the password changes


def test_changing_the_password_signs_out_every_session_of_that_person(client):
    """ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE: the current session ends too, so the new password is proven.

    Other sessions end whatever that setting says: Django checks each session's copy of the
    password hash on every request.
    """
    ana = UserFactory(email="ana@elsewhere.example")
    laptop, phone, colleague = Client(), Client(), Client()
    laptop.force_login(ana)
    phone.force_login(ana)
    colleague.force_login(UserFactory(email="ben@elsewhere.example"))
    client.force_login(ana)

    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert not _signed_in(client)
    assert not _signed_in(laptop)
    assert not _signed_in(phone)
    assert _signed_in(colleague)
    assert [m.to for m in mail.outbox] == [["ana@elsewhere.example"]]
    assert _sign_in(client, "ana@elsewhere.example", "password").status_code == HTTPStatus.OK
    assert _sign_in(client, "ana@elsewhere.example", NEW_PASSWORD).status_code == HTTPStatus.FOUND


def test_resetting_a_forgotten_password_signs_out_every_other_session(client):
    ana = UserFactory(email="ana@elsewhere.example")
    laptop = Client()
    laptop.force_login(ana)
    client.post(RESET, {"email": "ana@elsewhere.example"})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == HTTPStatus.FOUND
    assert User.objects.get(pk=ana.pk).check_password(NEW_PASSWORD)
    assert not _signed_in(laptop)


# Nobody learns whether an address has an account


def test_sign_in_answers_an_unknown_address_as_it_answers_a_wrong_password(client):
    UserFactory(email="ana@elsewhere.example")

    known = _sign_in(client, "ana@elsewhere.example", "wrong")
    unknown = _sign_in(client, "nobody@elsewhere.example", "wrong")

    assert known.status_code == unknown.status_code == HTTPStatus.OK
    assert [code for code, _ in _form_errors(known)] == ["email_password_mismatch"]
    assert _form_errors(known) == _form_errors(unknown)
    assert _page_without(known, "ana@elsewhere.example") == _page_without(unknown, "nobody@elsewhere.example")


def test_password_reset_answers_the_same_page_for_an_unknown_address(client):
    UserFactory(email="ana@elsewhere.example")

    known = client.post(RESET, {"email": "ana@elsewhere.example"}, follow=True)
    unknown = client.post(RESET, {"email": "nobody@elsewhere.example"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert _page_without(known) == _page_without(unknown)
    # Each address hears of the request: the account's owner with a link, anyone else with a
    # note that there is no account, so the answer reaches only the mailbox's owner.
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@elsewhere.example", "nobody@elsewhere.example"]


def test_sign_up_with_a_taken_address_looks_like_any_sign_up(client):
    UserFactory(email="ana@elsewhere.example")
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}

    taken = client.post(reverse("account_signup"), {"email": "ana@elsewhere.example", **data})
    free = Client().post(reverse("account_signup"), {"email": "new@elsewhere.example", **data})

    assert taken.status_code == free.status_code == HTTPStatus.FOUND
    assert taken.url == free.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email="ana@elsewhere.example").count() == 1
    assert not User.objects.get(email="ana@elsewhere.example").check_password(NEW_PASSWORD)
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@elsewhere.example", "new@elsewhere.example"]


# Sign-up costs the same whether the address has an account or not

_real_encode = MD5PasswordHasher.encode


def test_sign_up_hashes_one_password_and_sends_one_mail_whether_or_not_the_address_exists(client):
    UserFactory(email="ana@elsewhere.example")
    costs = []
    for email in ("ana@elsewhere.example", "ben@elsewhere.example"):
        mail.outbox.clear()
        with mock.patch.object(
            MD5PasswordHasher, "encode", autospec=True, side_effect=_real_encode
        ) as hashing:
            response = client.post(
                reverse("account_signup"),
                {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
            )
        costs.append((response.status_code, response.url, hashing.call_count, len(mail.outbox)))
    assert costs[0] == costs[1] == (HTTPStatus.FOUND, reverse("account_email_verification_sent"), 1, 1)
