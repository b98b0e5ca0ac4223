"""Request policies: how much one person may write, as allauth's rate limits (``ACCOUNT_RATE_LIMITS``).

They guard the site's doors (the forms), not the services: demo data, benchmarks and the
services' own callers are not requests and are not limited.
"""

from allauth.core import ratelimit
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _


def submission_refusal(request: HttpRequest) -> ValidationError | None:
    """The refusal of one more enquiry beyond ENQUIRY_SUBMISSIONS_PER_HOUR, or None (and it counts)."""
    if ratelimit.consume(request, action="enquiry_submission", user=request.user):
        return None
    return ValidationError(
        _("You have sent many enquiries in the last hour. Please wait a little before sending another."),
        code="rate_limited",
    )


def too_many_messages(request: HttpRequest) -> bool:
    """Whether the person has written more replies and notes than ENQUIRY_MESSAGES_PER_HOUR allows.

    Each message mails people, so a flood from one account would flood their mailboxes.
    """
    return not ratelimit.consume(request, action="enquiry_message", user=request.user)
