from django.http import HttpRequest

from accounts.selectors import roles_of
from enquiries.selectors import handles_enquiries
from notifications.selectors import UNREAD_SHOWN, unread_count


def navigation(request: HttpRequest) -> dict:
    """Expose what the navigation needs to show each role only what it can use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = roles_of(user)
    return {
        "nav_is_site_admin": user.is_staff,
        "nav_manages_opportunities": roles.is_staff_of_any,
        "nav_work_queue": handles_enquiries(user),
        "nav_unread_notifications": unread_count(user),
        "nav_unread_shown": UNREAD_SHOWN,
    }
