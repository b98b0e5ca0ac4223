"""The work queue of queue members, with the hosted view for host coordinators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.selectors import roles_of

from .. import selectors
from ..filters import WorkQueueFilter
from ..forms import ForwardForm
from ..models import Enquiry, Queue
from ..services import enquiry_assign, enquiry_forward, enquiry_transition
from ..services.workflow import STAFF_TARGETS
from . import key_from

PAGE_SIZE = 25
HOSTED = "hosted"


@login_required
def work_queue(request: HttpRequest) -> HttpResponse:
    hosted = request.GET.get("view") == HOSTED
    staff_queues = selectors.staff_queues(request.user)
    has_queues = staff_queues.exists()
    if not has_queues and not roles_of(request.user).coordinated_university_ids:
        raise Http404
    base = selectors.hosted_enquiries(request.user) if hosted else selectors.work_queue(request.user)
    filterset = WorkQueueFilter(request.GET, queryset=base, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    without_status = request.GET.copy()
    without_status.pop("status", None)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "hosted": hosted,
        "has_queues": has_queues,
        "filterset": filterset,
        "page": page,
        "query": query.urlencode(),
        "status_counts": _counted(
            selectors.status_counts(WorkQueueFilter(without_status, queryset=base, request=request).qs)
        ),
        "statuses": Enquiry.Status.choices,
        "bulk_statuses": [(s, label) for s, label in Enquiry.Status.choices if s in STAFF_TARGETS],
        "forward_queues": Queue.objects.filter(
            alliance_id__in=staff_queues.values("alliance_id")
        ).select_related("university", "alliance"),
    }
    status = 400 if filterset.errors else 200
    return render(request, "enquiries/work_queue.html", context, status=status)


def _counted(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(value, label, counts.get(value, 0)) for value, label in Enquiry.Status.choices]


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Apply one action to the selected enquiries; each goes through the same services."""
    ids = [key for key in map(key_from, request.POST.getlist("enquiries")) if key]
    enquiries = list(selectors.work_queue(request.user).filter(pk__in=ids))
    action = request.POST.get("action", "")
    done, refused = 0, 0
    for enquiry in enquiries:
        try:
            _apply(request, enquiry, action)
            done += 1
        except (ValidationError, PermissionDenied, ValueError):
            refused += 1
    refused += len(ids) - len(enquiries)
    if done:
        messages.success(
            request, ngettext("%(n)d enquiry updated.", "%(n)d enquiries updated.", done) % {"n": done}
        )
    if refused or not ids:
        messages.error(
            request,
            ngettext(
                "%(n)d enquiry could not be changed this way.",
                "%(n)d enquiries could not be changed this way.",
                refused,
            )
            % {"n": refused}
            if ids
            else _("Select at least one enquiry."),
        )
    return redirect(f"{reverse('queue:index')}?{request.POST.get('query', '')}")


def _apply(request: HttpRequest, enquiry: Enquiry, action: str) -> None:
    if action == "assign_me":
        enquiry_assign(enquiry=enquiry, assignee=request.user, by=request.user)
    elif action == "status":
        target = request.POST.get("status", "")
        if target not in STAFF_TARGETS:
            raise ValueError(target)
        enquiry_transition(enquiry=enquiry, to=target, by=request.user)
    elif action == "forward":
        form = ForwardForm(request.POST, queues=selectors.forward_targets(enquiry))
        if not form.is_valid():
            raise ValueError(form.errors)
        enquiry_forward(
            enquiry=enquiry,
            queue=form.cleaned_data["queue"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    else:
        raise ValueError(action)
