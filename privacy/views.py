from http import HTTPStatus

from allauth.account.decorators import reauthentication_required
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.requests import AuthenticatedHttpRequest

from .forms import AccountDeleteForm
from .selectors import personal_data_of
from .services import account_delete


def notice(request: HttpRequest) -> HttpResponse:
    """Say what the hub keeps, why and for how long, and how to download or delete it."""
    return render(
        request,
        "privacy/notice.html",
        {
            "retention_days": settings.ENQUIRY_RETENTION_DAYS,
            "notification_retention_days": settings.NOTIFICATION_RETENTION_DAYS,
        },
    )


@require_GET
@never_cache
@login_required
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Download everything the hub keeps about the signed-in person, as JSON."""
    response = JsonResponse(
        personal_data_of(request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
    filename = f"mobility-hub-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _without_password(request: AuthenticatedHttpRequest) -> bool:
    return not request.user.has_usable_password()


@never_cache
@login_required
@reauthentication_required(enabled=_without_password, allow_get=True)
def delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Delete the signed-in person's account once they confirm with their password."""
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST":
        # The same limit as allauth's re-authentication: a password check is a guessing chance.
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            form.add_error(None, _("Too many attempts. Please wait a minute and try again."))
            return render(request, "privacy/delete.html", {"form": form}, status=HTTPStatus.TOO_MANY_REQUESTS)
        if form.is_valid():
            account_delete(user=request.user)
            logout(request)
            messages.success(request, _("Your account and your personal data have been deleted."))
            return redirect("home")
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    return render(request, "privacy/delete.html", {"form": form}, status=status)
