"""Two-factor authentication for the people who handle other people's enquiries.

With ``MFA_REQUIRED_FOR_STAFF`` on (the default), queue members, coordinators and central
offices must have an authenticator before they see the work queue or anyone else's enquiry.
Their own enquiries, the catalogue and their account stay open to them meanwhile.
"""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.models import User

from .selectors import Access, handles_enquiries


class SetUpMFA(Exception):
    """Staff access was asked for by someone who must set up two-factor authentication first."""


def mfa_setup_needed(user: User) -> bool:
    return (
        settings.MFA_REQUIRED_FOR_STAFF
        and user.is_authenticated
        and handles_enquiries(user)
        and not is_mfa_enabled(user)
    )


def require_mfa_for(user: User, access: Access) -> None:
    """Raise ``SetUpMFA`` when ``user`` reaches someone else's enquiry without a second factor."""
    if access in (Access.STAFF, Access.HOST) and mfa_setup_needed(user):
        raise SetUpMFA


def _to_setup(request: HttpRequest) -> HttpResponse:
    messages.warning(
        request,
        _(
            "You handle other people's enquiries, so your account needs two-factor authentication. "
            "Set up an authenticator app to continue."
        ),
    )
    return redirect("mfa_activate_totp")


class StaffMFAMiddleware:
    """Send staff without two-factor authentication to set it up instead of the work queue."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if match is not None and match.namespace == "queue" and mfa_setup_needed(request.user):
            return _to_setup(request)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, SetUpMFA):
            return _to_setup(request)
        return None
