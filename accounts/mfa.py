"""The second factor of the current session, which guards other people's data.

Whoever reads other people's personal data (queue members, coordinators, central offices,
site administrators) must, with ``MFA_REQUIRED_FOR_STAFF`` on, have an authenticator *and*
have used it in the session at hand: an account with an authenticator signed in elsewhere
with a password alone does not count. allauth records each step a session passed
(password, second factor, re-authentication); ``SecondFactorMiddleware`` reads that record
once per request and leaves its answer on the user (``second_factor_step``). Which pages
need the second factor is for the apps that own them to say; the admin site's is said here.
A sign-in through an identity provider that asserts the REFEDS MFA profile counts as the
second factor: allauth's step is skipped (``AuthenticateStage``) and the session records it.
"""

from collections.abc import Callable
from enum import StrEnum

from allauth.account.authentication import get_authentication_records
from allauth.mfa import stages as mfa_stages
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .models import User

_PASSED = "_second_factor_passed"


class Step(StrEnum):
    """What stands between a session and other people's data."""

    SET_UP = "set-up"  # the account has no authenticator yet
    CONFIRM = "confirm"  # it has one, but this session has not used it


def passed_in_session(request: HttpRequest) -> bool:
    """Whether this session's sign-in (or a later confirmation) used a second factor."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def second_factor_step(user: User) -> Step | None:
    """The step ``user`` must take in this session before seeing other people's data, or None."""
    if not settings.MFA_REQUIRED_FOR_STAFF or not user.is_authenticated:
        return None
    if getattr(user, _PASSED, False):
        return None
    return Step.CONFIRM if is_mfa_enabled(user) else Step.SET_UP


def second_factor_url(step: Step, next_url: str) -> str:
    """Where ``step`` is taken: setting up an authenticator, or confirming with it, then ``next_url``."""
    if step is Step.SET_UP:
        return reverse("mfa_activate_totp")
    return f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}"


def to_second_factor(request: HttpRequest, step: Step) -> HttpResponse:
    """Send the person to set up, or to use, their second factor, then back where they were."""
    if step is Step.SET_UP:
        messages.warning(
            request,
            _(
                "You handle other people's personal data, so your account needs two-factor "
                "authentication. Set up an authenticator app to continue."
            ),
        )
    else:
        messages.warning(
            request,
            _("You handle other people's personal data: confirm it is you with your authenticator app."),
        )
    return redirect(second_factor_url(step, request.get_full_path()))


class SecondFactorMiddleware:
    """Note whether this session passed a second factor; keep the admin site behind it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            setattr(request.user, _PASSED, passed_in_session(request))
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.namespace != "admin" or not request.user.is_staff:
            return None
        step = second_factor_step(request.user)
        return to_second_factor(request, step) if step else None


def vouched_by_provider(login) -> bool:
    """Whether this sign-in came from an identity provider that asserted the REFEDS MFA profile."""
    from .identity import statement_of

    sociallogin = (login.signal_kwargs or {}).get("sociallogin")
    return sociallogin is not None and statement_of(sociallogin).multi_factor


class AuthenticateStage(mfa_stages.AuthenticateStage):
    """allauth's second-factor step at sign-in, skipped when the identity provider already did it."""

    def _should_handle(self, request: HttpRequest) -> bool:
        return super()._should_handle(request) and not vouched_by_provider(self.login)
