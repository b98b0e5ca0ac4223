from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers


class UserLanguageMiddleware:
    """Show signed-in people pages in their language, and times in their university's time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        if user.is_authenticated and user.home_university_id:
            timezone.activate(ZoneInfo(user.home_university.time_zone))
        else:
            timezone.deactivate()
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Keep every answer given to a signed-in person out of shared and browser caches.

    Pages, downloads and redirects behind sign-in carry ``Cache-Control: private, no-store``
    (with ``no-cache`` and ``max-age=0`` for old caches): another user of the same computer,
    or a proxy, must not get them from a cache.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        if signed_in or request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
