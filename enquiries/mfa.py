"""Two-factor authentication for the people who handle other people's enquiries.

With ``MFA_REQUIRED_FOR_STAFF`` on (the default), queue members, coordinators and central
offices must have used their authenticator in the current session (``accounts.mfa``) before
they see the work queue or anyone else's enquiry. Their own enquiries, the catalogue and
their account stay open to them meanwhile.
"""

from django.http import HttpRequest, HttpResponse

from accounts.mfa import Step, second_factor_step, to_second_factor
from accounts.models import User

from .selectors import Access, handles_enquiries


class SecondFactorNeeded(Exception):
    """Staff access was asked for by a session that has not passed the second factor."""

    def __init__(self, step: Step) -> None:
        super().__init__(step)
        self.step = step


def staff_second_factor_step(user: User) -> Step | None:
    """The step ``user`` must take before working on other people's enquiries, or None."""
    step = second_factor_step(user)
    return step if step is not None and handles_enquiries(user) else None


def require_mfa_for(user: User, access: Access) -> None:
    """Raise ``SecondFactorNeeded`` when ``user`` reaches someone else's enquiry without a second factor."""
    if access in (Access.STAFF, Access.HOST) and (step := staff_second_factor_step(user)):
        raise SecondFactorNeeded(step)


class StaffMFAMiddleware:
    """Send staff whose session lacks the second factor to take it instead of the work queue."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match, user = request.resolver_match, request.user
        if match is None or match.namespace != "queue" or not user.is_authenticated:
            return None
        step = staff_second_factor_step(user)
        return to_second_factor(request, step) if step else None

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, SecondFactorNeeded):
            return to_second_factor(request, exception.step)
        return None
