"""The request of a signed-in person, as views behind ``login_required`` receive it."""

from django.http import HttpRequest

from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """An ``HttpRequest`` whose ``user`` is a person, never the anonymous user (for type checking)."""

    user: User
