from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from allauth.account import views as allauth_views
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from accounts.requests import AuthenticatedHttpRequest

from . import saml
from .adapter import may_reauthenticate_by_code
from .forms import ProfileForm
from .selectors import home_university_source, identity_providers, linked_accounts


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        translation.activate(form.instance.language)
        messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    linked = linked_accounts(request.user)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "mfa_enabled": is_mfa_enabled(request.user),
            "linked_accounts": linked,
            "myacademicid_linked": any(account.provider == "myacademicid" for account in linked),
            "home_university_source": home_university_source(request.user),
            "staff_mfa_required": settings.MFA_REQUIRED_FOR_STAFF,
        },
    )


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language and remember it as a signed-in person's preference."""
    response = set_language(request)
    chosen = request.POST.get("language", "")
    if request.user.is_authenticated and chosen in dict(settings.LANGUAGES):
        request.user.language = chosen
        request.user.save(update_fields=["language"])
    return response


@require_GET
def university_sign_in(request: HttpRequest) -> HttpResponse:
    """The universities whose identity provider people can sign in through, searchable by name or city."""
    query = request.GET.get("q", "").strip()[:100]
    context = {
        "providers": identity_providers(query),
        "query": query,
        "process": "connect" if request.GET.get("process") == "connect" else "login",
        "next": request.GET.get("next", ""),
    }
    return render(request, "accounts/university_sign_in.html", context)


@require_GET
def saml_metadata(request: HttpRequest) -> HttpResponse:
    """The installation's SAML service-provider metadata, for federation operators."""
    try:
        metadata = saml.service_provider_metadata()
    except saml.MetadataError as error:
        return HttpResponse(
            error.message, status=HTTPStatus.NOT_FOUND, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse(metadata, content_type="application/samlmetadata+xml")


def reauthentication_by_code(view: Callable) -> Callable:
    """allauth's re-authentication by mailed code, open only to those without password or authenticator."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated and not may_reauthenticate_by_code(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


request_reauthentication_code = reauthentication_by_code(allauth_views.request_reauthentication_code)
confirm_reauthentication_code = reauthentication_by_code(allauth_views.confirm_reauthentication_code)
