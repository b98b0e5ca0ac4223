"""The work queue of queue members, with the hosted view for host coordinators."""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.requests import AuthenticatedHttpRequest
from accounts.selectors import roles_of
from institutions.paging import KnownCountPaginator

from .. import selectors
from ..filters import WorkQueueFilter
from ..forms import ForwardForm
from ..models import Enquiry, Queue
from ..services import enquiry_assign, enquiry_forward, enquiry_transition
from ..services.workflow import STAFF_TARGETS
from . import key_from

PAGE_SIZE = 25
HOSTED = "hosted"
# What a row shows, and no more: an opportunity's long texts or the queue, read for every
# row, cost more than the rest of the row.
ROW_RELATIONS = ("requester", "requester_university", "assignee", "opportunity")
ROW_FIELDS = (
    "reference",
    "subject",
    "status",
    "created_at",
    "first_response_due",
    "first_response_at",
    "requester__email",
    "requester__display_name",
    "requester_university__short_name",
    "assignee__email",
    "assignee__display_name",
    "opportunity__title",
)


@login_required
def work_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    hosted = request.GET.get("view") == HOSTED
    staff_queues = selectors.staff_queues(request.user)
    # A member of a queue has one: no need to ask the database (the membership is read already).
    has_queues = bool(selectors.member_queue_ids(request.user)) or staff_queues.exists()
    if not has_queues and not roles_of(request.user).coordinated_university_ids:
        raise Http404
    base = selectors.hosted_enquiries(request.user) if hosted else selectors.work_queue(request.user)
    filterset = WorkQueueFilter(request.GET, queryset=base, request=request)
    counts = selectors.status_counts(filterset.without_status())
    paginator = KeysFirstPaginator(
        filterset.qs,
        PAGE_SIZE,
        count=filterset.total(counts),
        enquiries=base.select_related(None).select_related(*ROW_RELATIONS).only(*ROW_FIELDS),
    )
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    forward_queues = Queue.objects.filter(alliance_id__in=staff_queues.values("alliance_id"))
    context = {
        "hosted": hosted,
        "has_queues": has_queues,
        "filterset": filterset,
        "page": page,
        "rows": _rows(page),
        "query": query.urlencode(),
        "status_counts": _counted(counts),
        "statuses": Enquiry.Status.choices,
        "bulk_statuses": [(s, label) for s, label in Enquiry.Status.choices if s in STAFF_TARGETS],
        "forward_queues": forward_queues.only("name"),
    }
    status = 400 if filterset.errors else 200
    return render(request, "enquiries/work_queue.html", context, status=status)


def _counted(counts: dict[str, int]) -> list[tuple[str, str | Promise, int]]:
    return [(value, label, counts.get(value, 0)) for value, label in Enquiry.Status.choices]


class KeysFirstPaginator(KnownCountPaginator):
    """Pages of a known number of enquiries, each read in two steps.

    The keys of the page come first: the database finds, sorts and skips them in an index
    alone (``enq_queue_status_due_rows``), without reading the enquiries it passes over. Then
    ``enquiries`` reads only the enquiries of the page, in the same order.
    """

    def __init__(
        self, object_list: QuerySet[Enquiry], per_page: int, *, count: int, enquiries: QuerySet[Enquiry]
    ):
        super().__init__(object_list, per_page, count=count)
        self.enquiries = enquiries

    def rows(self, start: int, stop: int) -> list[Enquiry]:
        keys = self.object_list.values("pk")[start:stop]
        return list(self.enquiries.filter(pk__in=keys).order_by(*self.object_list.query.order_by))


@dataclass(frozen=True)
class Row:
    """What a row of the work queue shows of an enquiry, formatted once for the page."""

    pk: int
    reference: str
    url: str
    select_label: str
    subject: str
    opportunity: str
    requester: str
    university: str
    age: str
    due: str  # ISO 8601, for <time datetime>
    due_display: str
    overdue: bool
    status: str
    status_label: str
    assignee: str


def _rows(page: Page) -> list[Row]:
    """Format the page's enquiries: translations, labels and the current time looked up once."""
    now = timezone.now()
    labels = {value: str(label) for value, label in Enquiry.Status.choices}
    select, ago = _("Select %(reference)s"), _("%(age)s ago")
    removed, former, no_university = (
        _("Subject removed to protect personal data"),
        _("Former user"),
        _("No member university"),
    )
    due_dates: dict[dt.date, str] = {}  # rows share dates, and formatting one is slow
    rows = []
    for enquiry in page.object_list:
        due = enquiry.first_response_due
        if due not in due_dates:
            due_dates[due] = formats.date_format(due, "SHORT_DATE_FORMAT")
        university = enquiry.requester_university
        rows.append(
            Row(
                pk=enquiry.pk,
                reference=enquiry.reference,
                url=enquiry.get_absolute_url(),
                select_label=select % {"reference": enquiry.reference},
                subject=enquiry.subject or removed,
                opportunity=enquiry.opportunity.title if enquiry.opportunity else "",
                requester=str(enquiry.requester) if enquiry.requester else former,
                university=(university.short_name if university else "") or no_university,
                age=ago % {"age": timesince(enquiry.created_at, now)},
                due=due.isoformat(),
                due_display=due_dates[due],
                overdue=enquiry.is_overdue,
                status=enquiry.status,
                status_label=labels[enquiry.status],
                assignee=str(enquiry.assignee) if enquiry.assignee else "—",
            )
        )
    return rows


@login_required
@require_POST
def bulk(request: AuthenticatedHttpRequest) -> HttpResponse:
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


def _apply(request: AuthenticatedHttpRequest, enquiry: Enquiry, action: str) -> None:
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
