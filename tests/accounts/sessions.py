"""Signing in as a test, the way allauth records it."""

import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time as counters
from django.test import Client
from django.urls import reverse

from accounts.models import User


def totp_code(secret: str) -> str:
    """The authenticator app's current code for ``secret``, with a second or more left to use it.

    A code is valid in its 30-second window alone: one read at the window's very end would be
    stale by the time the request reaches the check.
    """
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 2:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, next(counters())))


def sign_in(client: Client, email: str, password: str = "password", *, totp_secret: str | None = None):
    """Sign in through allauth's forms (password, then the authenticator's code); return the last answer."""
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    if totp_secret is not None:
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(totp_secret)})
    return response


def force_login_with_second_factor(client: Client, user: User) -> None:
    """``client.force_login``, with the session's record of a sign-in that used the second factor.

    For tests about what a fully signed-in person may do, where the sign-in forms themselves
    are not the subject (``sign_in`` walks them).
    """
    client.force_login(user)
    session = client.session
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "email": user.email},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def enrol_authenticator(client: Client, password: str = "password") -> str:
    """Set up an authenticator app through allauth's pages (confirming the password first); return its secret.

    allauth announces the new authenticator when its transaction commits, inside the request:
    tests that depend on what follows need ``django_db(transaction=True)``.
    """
    client.post(reverse("account_reauthenticate"), {"password": password})
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content
    return secret
