from django.http import HttpRequest

from accounts.selectors import roles_of


def navigation(request: HttpRequest) -> dict:
    """Expose what the navigation needs to show each role only what it can use."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_is_site_admin": user.is_staff,
        "nav_manages_opportunities": roles_of(user).is_staff_of_any,
    }
