"""The enquiry page (same address for everyone, shown by capacity) and its actions."""

from collections.abc import Callable, Iterable
from functools import wraps
from http import HTTPStatus
from typing import Any, NamedTuple, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.requests import AuthenticatedHttpRequest
from accounts.selectors import stated_affiliations

from .. import selectors
from ..forms import (
    AssignForm,
    ForwardForm,
    NoteForm,
    OutcomeForm,
    PriorityForm,
    RecommendationForm,
    ReplyForm,
    StaffReplyForm,
    StatusForm,
)
from ..models import AuditEntry, Enquiry, Message
from ..policies import too_many_messages
from ..selectors import Access
from ..services import (
    TRANSITIONS,
    enquiry_assign,
    enquiry_forward,
    enquiry_note,
    enquiry_recommend,
    enquiry_record_outcome,
    enquiry_reply,
    enquiry_set_priority,
    enquiry_transition,
)
from ..services.workflow import REQUESTER_TARGETS, STAFF_TARGETS, can_reopen
from . import enquiry_for_request, key_from

Status = Enquiry.Status
Row = TypeVar("Row", Message, AuditEntry)


@login_required
def detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    enquiry, access = enquiry_for_request(request, reference)
    return render(request, "enquiries/detail.html", _context(request, enquiry, access))


class Shown(NamedTuple):
    """A moment as the page shows it: for machines (``iso``) and for the reader (``text``)."""

    iso: str
    text: str


def _with_times(rows: Iterable[Row], format_name: str) -> list[tuple[Row, Shown]]:
    """Each row with its time in the reader's zone, as the ``date`` filter would put it.

    Written here, with the filter's own functions, rather than by two ``date`` filters per row
    in the template: on a thread of fifty messages those took a fifth of the page's time.
    """
    pattern = get_format(format_name)
    timed = []
    for row in rows:
        local = timezone.localtime(row.created_at)
        # HTML allows at most milliseconds.
        timed.append((row, Shown(local.isoformat(timespec="seconds"), dateformat.format(local, pattern))))
    return timed


def _context(request: HttpRequest, enquiry: Enquiry, access: Access, **forms) -> dict[str, Any]:
    """What the enquiry page shows in ``access``'s capacity; forms only where the page shows them."""
    is_active = enquiry.status in Enquiry.ACTIVE_STATUSES
    context: dict[str, Any] = {
        "enquiry": enquiry,
        "access": access.value,
        "thread": _with_times(selectors.thread(enquiry, access), "DATETIME_FORMAT"),
        "is_active": is_active,
    }
    if access is Access.REQUESTER:
        context |= {
            "can_reopen": can_reopen(enquiry),
            "forwards": enquiry.audit_entries.filter(action=AuditEntry.Action.FORWARDED),
        }
        if is_active:
            context["reply_form"] = forms.get("reply_form") or ReplyForm()
        return context
    context |= {
        "audit": _with_times(enquiry.audit_entries.select_related("actor"), "SHORT_DATETIME_FORMAT"),
        # What the requester's university said they are (student, staff...), for staff to see.
        "requester_affiliations": stated_affiliations(enquiry.requester_id),
        "note_form": forms.get("note_form") or NoteForm(),
        # Only applications take recommendations (``enquiry_recommend``), so other kinds skip the query.
        "recommendations": enquiry.recommendations.select_related("author", "university")
        if enquiry.kind == Enquiry.Kind.APPLICATION
        else [],
    }
    if access is Access.HOST:
        if enquiry.kind == Enquiry.Kind.APPLICATION:
            context["recommendation_form"] = forms.get("recommendation_form") or RecommendationForm()
        return context
    context["status_targets"] = [
        (s, label) for s, label in Status.choices if s in TRANSITIONS[enquiry.status] & STAFF_TARGETS
    ]
    if enquiry.kind == Enquiry.Kind.APPLICATION and enquiry.status not in (Status.CLOSED, Status.WITHDRAWN):
        context["outcome_form"] = OutcomeForm(initial={"outcome": enquiry.outcome})
    if not is_active:
        return context
    canned = enquiry.queue.canned_replies.all()
    canned_id = key_from(request.GET.get("canned", ""))
    chosen = canned.filter(pk=canned_id).first() if canned_id else None
    context |= {
        "canned_replies": canned,
        "reply_form": forms.get("reply_form")
        or StaffReplyForm(initial={"body": chosen.body if chosen else ""}),
        "assign_form": AssignForm(
            initial={"assignee": enquiry.assignee_id}, people=selectors.assignable_staff(enquiry.queue)
        ),
        "forward_form": forms.get("forward_form") or ForwardForm(queues=selectors.forward_targets(enquiry)),
        "priority_form": PriorityForm(initial={"priority": enquiry.priority}),
    }
    return context


def enquiry_action(*allowed: Access) -> Callable:
    """Resolve the enquiry for the signed-in person (404 if unseen) and turn refusals into messages."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        @require_POST
        def wrapped(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
            enquiry, access = enquiry_for_request(request, reference)
            if access not in allowed:
                raise Http404
            try:
                return view(request, enquiry, access)
            except PermissionDenied as error:
                raise Http404 from error
            except ValidationError as error:
                for text in error.messages:
                    messages.error(request, text)
                return redirect(enquiry)

        return wrapped

    return decorate


def _invalid(request: HttpRequest, enquiry: Enquiry, access: Access, **forms) -> HttpResponse:
    messages.error(request, _("Please correct the form below; nothing has been changed."))
    return render(request, "enquiries/detail.html", _context(request, enquiry, access, **forms), status=400)


def _throttled(request: HttpRequest, enquiry: Enquiry, access: Access, **forms) -> HttpResponse:
    """The page again with the message as written, saying to wait; nothing is sent."""
    messages.error(
        request,
        _("You have written many messages in a short while. Please wait a few minutes and send again."),
    )
    context = _context(request, enquiry, access, **forms)
    return render(request, "enquiries/detail.html", context, status=HTTPStatus.TOO_MANY_REQUESTS)


@enquiry_action(Access.REQUESTER, Access.STAFF)
def reply(request: AuthenticatedHttpRequest, enquiry: Enquiry, access: Access) -> HttpResponse:
    form_class = StaffReplyForm if access is Access.STAFF else ReplyForm
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, enquiry, access, reply_form=form)
    if too_many_messages(request):
        return _throttled(request, enquiry, access, reply_form=form)
    try:
        enquiry_reply(
            enquiry=enquiry,
            by=request.user,
            body=form.cleaned_data["body"],
            files=form.cleaned_data["attachments"],
            ask=form.cleaned_data.get("ask", False),
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _invalid(request, enquiry, access, reply_form=form)
    messages.success(request, _("Your message has been sent."))
    return redirect(enquiry)


@enquiry_action(Access.STAFF, Access.HOST)
def note(request: AuthenticatedHttpRequest, enquiry: Enquiry, access: Access) -> HttpResponse:
    form = NoteForm(request.POST, request.FILES)
    if not form.is_valid():
        return _invalid(request, enquiry, access, note_form=form)
    if too_many_messages(request):
        return _throttled(request, enquiry, access, note_form=form)
    try:
        enquiry_note(
            enquiry=enquiry,
            by=request.user,
            body=form.cleaned_data["body"],
            files=form.cleaned_data["attachments"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _invalid(request, enquiry, access, note_form=form)
    messages.success(request, _("The internal note has been added."))
    return redirect(enquiry)


@enquiry_action(Access.STAFF, Access.REQUESTER)
def status(request: AuthenticatedHttpRequest, enquiry: Enquiry, access: Access) -> HttpResponse:
    form = StatusForm(request.POST)
    targets = STAFF_TARGETS if access is Access.STAFF else REQUESTER_TARGETS
    if not form.is_valid() or form.cleaned_data["status"] not in targets:
        messages.error(request, _("That change of status is not possible."))
        return redirect(enquiry)
    enquiry_transition(enquiry=enquiry, to=form.cleaned_data["status"], by=request.user)
    messages.success(request, _("The status has been changed."))
    return redirect(enquiry)


@enquiry_action(Access.STAFF)
def assign(request: AuthenticatedHttpRequest, enquiry: Enquiry, access: Access) -> HttpResponse:
    if request.POST.get("to_me"):
        assignee = request.user
    else:
        form = AssignForm(request.POST, people=selectors.assignable_staff(enquiry.queue))
        if not form.is_valid():
            messages.error(request, _("Choose someone who handles this queue."))
            return redirect(enquiry)
        assignee = form.cleaned_data["assignee"]
    enquiry_assign(enquiry=enquiry, assignee=assignee, by=request.user)
    messages.success(request, _("The assignment has been changed."))
    return redirect(enquiry)


@enquiry_action(Access.STAFF)
def forward(request: AuthenticatedHttpRequest, enquiry: Enquiry, access: Access) -> HttpResponse:
    form = ForwardForm(request.POST, queues=selectors.forward_targets(enquiry))
    if not form.is_valid():
        return _invalid(request, enquiry, access, forward_form=form)
    enquiry_forward(
        enquiry=enquiry, queue=form.cleaned_data["queue"], reason=form.cleaned_data["reason"], by=request.user
    )
    messages.success(request, _("The enquiry has been forwarded."))
    if not selectors.is_staff_of(request.user, form.cleaned_data["queue"]):
        return redirect("queue:index")
    return redirect(enquiry)


@enquiry_action(Access.STAFF)
def outcome(request: AuthenticatedHttpRequest, enquiry: Enquiry, access: Access) -> HttpResponse:
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an outcome."))
        return redirect(enquiry)
    enquiry_record_outcome(enquiry=enquiry, outcome=form.cleaned_data["outcome"], by=request.user)
    messages.success(request, _("The outcome has been recorded."))
    return redirect(enquiry)


@enquiry_action(Access.STAFF)
def priority(request: AuthenticatedHttpRequest, enquiry: Enquiry, access: Access) -> HttpResponse:
    form = PriorityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a priority."))
        return redirect(enquiry)
    enquiry_set_priority(enquiry=enquiry, priority=form.cleaned_data["priority"], by=request.user)
    messages.success(request, _("The priority has been changed."))
    return redirect(enquiry)


@enquiry_action(Access.HOST)
def recommend(request: AuthenticatedHttpRequest, enquiry: Enquiry, access: Access) -> HttpResponse:
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        return _invalid(request, enquiry, access, recommendation_form=form)
    enquiry_recommend(
        enquiry=enquiry,
        verdict=form.cleaned_data["verdict"],
        comment=form.cleaned_data["comment"],
        by=request.user,
    )
    messages.success(request, _("Your recommendation has been recorded."))
    return redirect(enquiry)
