from functools import wraps
from http import HTTPStatus

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.requests import AuthenticatedHttpRequest
from accounts.selectors import roles_of

from . import selectors, services
from .catalogue import CataloguePaginator
from .facets import facet_counts
from .filters import OpportunityFilter
from .forms import OpportunityForm
from .models import Opportunity

PAGE_SIZE = 20


def catalogue_access(view):
    """Let people in if signed in, or if the installation opens the catalogue to everyone."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not (settings.OPPORTUNITIES_PUBLIC or request.user.is_authenticated):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped


@catalogue_access
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = OpportunityFilter(request.GET, queryset=selectors.catalogue_opportunities())
    counts = facet_counts(filterset)
    # Counted with the facets: the paginator makes no query of its own for the total.
    paginator = CataloguePaginator(filterset.qs, PAGE_SIZE, count=counts.total)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "facets": counts.facets,
        "page": page,
        "query": query.urlencode(),
        "saved": selectors.saved_ids(request.user, [o.pk for o in page]),
        "filtered": any(k != "ordering" for k in query),
    }
    status = HTTPStatus.BAD_REQUEST if filterset.errors else HTTPStatus.OK
    return render(request, "opportunities/catalogue.html", context, status=status)


@catalogue_access
def detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    opportunity = selectors.opportunity_for_reader(request.user, slug)
    context = {
        "opportunity": opportunity,
        "is_saved": bool(selectors.saved_ids(request.user, [opportunity.pk])),
        "can_manage": request.user.is_authenticated and selectors.can_manage(request.user, opportunity),
    }
    return render(request, "opportunities/detail.html", context)


@login_required
@require_POST
def save(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    opportunity = selectors.opportunity_for_reader(request.user, slug)
    back = _back(request, opportunity)  # reads the form first: a body it cannot parse changes nothing
    services.saved_opportunity_add(user=request.user, opportunity=opportunity)
    messages.success(request, _("Saved to your opportunities."))
    return back


@login_required
@require_POST
def unsave(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    opportunity = get_object_or_404(Opportunity, slug=slug)
    back = _back(request, opportunity)
    services.saved_opportunity_remove(user=request.user, opportunity=opportunity)
    messages.success(request, _("Removed from your saved opportunities."))
    return back


def _back(request: HttpRequest, opportunity: Opportunity) -> HttpResponse:
    """Where to go afterwards: the form's ``next`` if it is on this site, else the opportunity."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        # Not redirect(target): it would take a word without "/" or "." for a view's name.
        return HttpResponseRedirect(target)
    return redirect(opportunity)


@login_required
def saved(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "opportunities": selectors.saved_opportunities(request.user),
        "calendar_token": selectors.calendar_token_of(request.user),
    }
    return render(request, "opportunities/saved.html", context)


@login_required
@require_POST
def calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create or renew the person's private calendar address, or switch it off."""
    if request.POST.get("action") == "remove":
        services.calendar_address_remove(user=request.user)
        messages.success(request, _("Your private calendar address is switched off."))
    else:
        services.calendar_address_renew(user=request.user)
        messages.success(
            request, _("Your private calendar address is ready. Any address you had before no longer works.")
        )
    return redirect("opportunities:saved")


@login_required
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    if not roles.is_staff_of_any:
        raise Http404
    opportunities = (
        selectors.managed_opportunities(request.user)
        .select_related("alliance", "host_university")
        .order_by("status", "title")
    )
    return render(request, "opportunities/manage.html", {"opportunities": opportunities})


@login_required
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    if not roles.is_staff_of_any:
        raise Http404
    return _edit(request, Opportunity(), roles)


@login_required
def edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return _edit(request, selectors.managed_opportunity(request.user, slug), roles_of(request.user))


def _edit(request: AuthenticatedHttpRequest, opportunity: Opportunity, roles) -> HttpResponse:
    form = OpportunityForm(request.POST or None, instance=opportunity, roles=roles)
    if request.method == "POST" and form.is_valid():
        opportunity = services.opportunity_save(
            opportunity=form.instance,
            languages=form.cleaned_data["languages"],
            sdgs=form.cleaned_data["sdgs"],
            by=request.user,
        )
        messages.success(request, _("The opportunity has been saved."))
        return redirect(opportunity)
    status = HTTPStatus.BAD_REQUEST if form.errors else HTTPStatus.OK
    return render(
        request,
        "opportunities/form.html",
        {"form": form, "opportunity": opportunity},
        status=status,
    )


@login_required
@require_POST
def transition(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    opportunity = selectors.managed_opportunity(request.user, slug)
    try:
        services.opportunity_transition(
            opportunity=opportunity, to=request.POST.get("to", ""), by=request.user
        )
    except ValidationError:
        messages.error(request, _("That change of status is not possible."))
        return redirect(opportunity)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, _("The status has been changed."))
    return redirect(opportunity)
