"""The accessibility statement (EU Web Accessibility Directive) and its feedback form.

Feedback is an enquiry like any other, on the accessibility topic, which routing always
sends to the chosen alliance's central office.
"""

import datetime as dt
from http import HTTPStatus
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.requests import AuthenticatedHttpRequest

from .. import selectors
from ..forms import AccessibilityFeedbackForm
from ..models import Topic
from ..policies import submission_refusal
from ..services import enquiry_submit

# When the statement was first prepared; an installation records its own reviews in
# ACCESSIBILITY_STATEMENT_REVIEWED.
STATEMENT_PREPARED = dt.date(2026, 11, 21)


def statement(request: HttpRequest) -> HttpResponse:
    """Show the accessibility statement, with the feedback form for signed-in people."""
    form = _feedback_form(request, request.user) if request.user.is_authenticated else None
    return _render(request, form)


@login_required
def feedback(request: AuthenticatedHttpRequest) -> HttpResponse:
    """File feedback on the website's accessibility as an enquiry to a central office."""
    if request.method != "POST":
        return redirect(reverse("accessibility:statement") + "#feedback")
    form = _feedback_form(request, request.user, request.POST)
    refusal = submission_refusal(request) if form.is_valid() else None
    if refusal is not None:
        form.add_error(None, refusal)
    elif form.is_valid():
        data = form.cleaned_data
        try:
            enquiry = enquiry_submit(
                requester=request.user,
                alliance=data["alliance"],
                subject=data["subject"],
                message=_message(data["page"], data["message"]),
                topic=Topic.ACCESSIBILITY,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you for your feedback. The %(code)s central office has received it as "
                    "%(reference)s; expect a first answer by %(date)s."
                )
                % {
                    "code": enquiry.alliance.code,
                    "reference": enquiry.reference,
                    "date": date_format(enquiry.first_response_due),
                },
            )
            return redirect(enquiry)
    return _render(request, form, status=HTTPStatus.BAD_REQUEST)


def _feedback_form(request: HttpRequest, user: User, data=None) -> AccessibilityFeedbackForm:
    home = user.home_university
    initial = {"alliance": home.alliance_id if home else None, "page": _page_concerned(request)}
    return AccessibilityFeedbackForm(
        data, alliances=selectors.alliances_with_central_office(), initial=initial
    )


def _page_concerned(request: HttpRequest) -> str:
    """The page a person came from (the footer link names it), unless it is this one."""
    page = request.GET.get("page", "")[:500]
    return "" if page.startswith(reverse("accessibility:statement")) else page


def _message(page: str, text: str) -> str:
    if not page:
        return text
    return _("Page concerned: %(page)s") % {"page": page} + "\n\n" + text


def _render(
    request: HttpRequest, form: AccessibilityFeedbackForm | None, status: int = HTTPStatus.OK
) -> HttpResponse:
    next_url = reverse("accessibility:statement") + "#feedback"
    context = {
        "form": form,
        "offices": selectors.central_offices(),
        "site_url": settings.SITE_URL,
        "prepared": STATEMENT_PREPARED,
        "reviewed": settings.ACCESSIBILITY_STATEMENT_REVIEWED,
        "enforcement_url": settings.ACCESSIBILITY_ENFORCEMENT_URL,
        "login_url": reverse("account_login") + "?" + urlencode({"next": next_url}),
    }
    return render(request, "enquiries/accessibility.html", context, status=status)
