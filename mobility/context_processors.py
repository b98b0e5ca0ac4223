from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict:
    """Expose what the navigation needs to show each role only what it can use."""
    user = getattr(request, "user", None)
    return {"nav_is_site_admin": bool(user and user.is_authenticated and user.is_staff)}
