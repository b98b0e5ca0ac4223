"""How long a signed-in session lasts: shorter for the people who handle other people's enquiries.

A session ends after ``SESSION_IDLE_MINUTES`` without a request (``SESSION_IDLE_MINUTES_STAFF``
for queue members, coordinators, central offices and site administrators, whose unattended
screen shows others' data), and ``SESSION_MAX_AGE_DAYS`` after sign-in whatever the activity.
Sign-in stamps the session; afterwards the last request's time is written at most once a
minute, so that browsing does not write to the session table on every page, and who counts
as staff is only asked of a session idle longer than the staff limit.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .selectors import handles_enquiries

STARTED = "_session_started_at"
SEEN = "_session_seen_at"
WRITE_EVERY = 60  # seconds between two writes of the last request's time


def stamp_sign_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """Start the clocks of a new session (Django's ``user_logged_in``)."""
    now = time.time()
    request.session[STARTED] = request.session[SEEN] = now


def _expired(request: HttpRequest, now: float) -> bool:
    session = request.session
    idle = now - session.get(SEEN, now)
    if now - session.get(STARTED, now) > settings.SESSION_MAX_AGE_DAYS * 86_400:
        return True
    if idle <= settings.SESSION_IDLE_MINUTES_STAFF * 60:
        return False
    if idle > settings.SESSION_IDLE_MINUTES * 60:
        return True
    user = request.user
    return user.is_authenticated and (user.is_staff or handles_enquiries(user))


class SessionLifetimeMiddleware:
    """Sign out sessions left idle too long, or older than the maximum age."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            if _expired(request, now):
                logout(request)
                messages.info(request, _("For your security you have been signed out. Please sign in again."))
            elif now - request.session.get(SEEN, 0) >= WRITE_EVERY:
                request.session[SEEN] = now
                request.session.setdefault(STARTED, now)
        return self.get_response(request)
