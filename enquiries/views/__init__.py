from accounts.requests import AuthenticatedHttpRequest

from .. import selectors
from ..mfa import require_mfa_for
from ..models import Enquiry
from ..selectors import Access


def key_from(value: str) -> int | None:
    """The row id a parameter names, or None when no row can have it (not digits, or past 64 bits)."""
    return int(value) if value.isdecimal() and len(value) <= 18 else None


def enquiry_for_request(request: AuthenticatedHttpRequest, reference: str) -> tuple[Enquiry, Access]:
    """The enquiry as the signed-in person sees it (404 for others), once staff passed the second factor."""
    enquiry, access = selectors.enquiry_for(request.user, reference)
    require_mfa_for(request.user, access)
    return enquiry, access
