"""Everything that happens to an enquiry after submission: the one place that changes its status."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .. import notices
from ..models import AuditEntry, Enquiry, Message, Queue, Recommendation
from ..selectors import Access, access_to, assignable_staff
from .attachments import attachments_store, validate_uploads
from .submission import first_response_due

Status = Enquiry.Status
Action = AuditEntry.Action

# Which status may follow which (docs/enquiry-life-cycle.md). Closed and withdrawn are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.OPEN, Status.WAITING, Status.RESOLVED, Status.CLOSED, Status.WITHDRAWN}),
    # Back to new when nobody handles it any more (unassigned, or forwarded to another queue).
    Status.OPEN: frozenset({Status.NEW, Status.WAITING, Status.RESOLVED, Status.CLOSED, Status.WITHDRAWN}),
    Status.WAITING: frozenset({Status.OPEN, Status.RESOLVED, Status.CLOSED, Status.WITHDRAWN}),
    Status.RESOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}
# What each side may ask for: staff handle, requesters withdraw or reopen.
STAFF_TARGETS = frozenset({Status.OPEN, Status.WAITING, Status.RESOLVED, Status.CLOSED})
REQUESTER_TARGETS = frozenset({Status.WITHDRAWN, Status.OPEN})
REOPEN_WINDOW = dt.timedelta(days=7)


def can_reopen(enquiry: Enquiry) -> bool:
    """Whether the requester may still reopen the enquiry: resolved less than 7 days ago."""
    return (
        enquiry.status == Status.RESOLVED
        and enquiry.resolved_at is not None
        and timezone.now() - enquiry.resolved_at <= REOPEN_WINDOW
    )


def _locked(enquiry: Enquiry) -> Enquiry:
    return (
        Enquiry.objects.select_for_update(of=("self",))
        .select_related("queue__university", "queue__alliance", "opportunity")
        .get(pk=enquiry.pk)
    )


def _require(user: User | None, enquiry: Enquiry, *allowed: Access) -> Access | None:
    """Return the actor's access, or raise PermissionDenied; ``None`` actor is the system."""
    if user is None:
        return None
    access = access_to(user, enquiry)
    if access not in allowed:
        raise PermissionDenied
    return access


def _audit(
    enquiry: Enquiry, by: User | None, action: str, old: str = "", new: str = "", detail: str = ""
) -> AuditEntry:
    return AuditEntry.objects.create(
        enquiry=enquiry, actor=by, action=action, old_value=old[:200], new_value=new[:200], detail=detail
    )


def _set_status(enquiry: Enquiry, to: str, by: User | None) -> AuditEntry:
    """Apply one allowed status change with its timestamps; return its audit entry (callers hold the lock)."""
    if to not in TRANSITIONS[enquiry.status]:
        raise ValidationError(
            _("An enquiry that is %(current)s cannot become %(target)s.")
            % {"current": enquiry.get_status_display(), "target": dict(Status.choices).get(to, to)},
            code="invalid_transition",
        )
    now = timezone.now()
    old = enquiry.status
    enquiry.status = to
    enquiry.status_changed_at = now
    if to == Status.RESOLVED:
        enquiry.resolved_at = now
    elif to in (Status.CLOSED, Status.WITHDRAWN):
        enquiry.closed_at = now
    elif old == Status.RESOLVED:
        enquiry.resolved_at = None
    enquiry.save(update_fields=["status", "status_changed_at", "resolved_at", "closed_at"])
    return _audit(enquiry, by, Action.STATUS, old, to)


@transaction.atomic
def enquiry_transition(*, enquiry: Enquiry, to: str, by: User | None) -> Enquiry:
    """Change the status if the table and the actor allow it (``by=None``: the reminder pass)."""
    enquiry = _locked(enquiry)
    access = _require(by, enquiry, Access.STAFF, Access.REQUESTER)
    if access is Access.STAFF and to not in STAFF_TARGETS:
        raise PermissionDenied
    if access is Access.REQUESTER:
        if to not in REQUESTER_TARGETS:
            raise PermissionDenied
        if to == Status.OPEN and not can_reopen(enquiry):
            raise ValidationError(
                _("An enquiry can be reopened within 7 days of being resolved."), code="reopen_window"
            )
    change = _set_status(enquiry, to, by)
    # Only here: a status that follows from another event (assignment, reply, forward, outcome)
    # reaches the requester through that event's own notice, not a second e-mail.
    notices.status_changed(enquiry, change, by)
    return enquiry


@transaction.atomic
def enquiry_assign(*, enquiry: Enquiry, assignee: User | None, by: User) -> Enquiry:
    """Give the enquiry to a staff member of its queue (or to nobody); a new one becomes open."""
    enquiry = _locked(enquiry)
    _require(by, enquiry, Access.STAFF)
    if enquiry.status not in Enquiry.ACTIVE_STATUSES:
        raise ValidationError(_("Only an active enquiry can be assigned."), code="not_active")
    if assignee is not None and not assignable_staff(enquiry.queue).filter(pk=assignee.pk).exists():
        raise ValidationError(_("This person does not handle this queue."), code="not_staff")
    if enquiry.assignee_id == (assignee.pk if assignee else None):
        return enquiry
    old = str(enquiry.assignee or "")
    enquiry.assignee = assignee
    enquiry.save(update_fields=["assignee"])
    change = _audit(enquiry, by, Action.ASSIGNED, old, str(assignee or ""))
    notices.enquiry_assigned(enquiry, change, by)
    if assignee is not None and enquiry.status == Status.NEW:
        _set_status(enquiry, Status.OPEN, by)
    elif assignee is None and enquiry.status == Status.OPEN:
        _set_status(enquiry, Status.NEW, by)
    return enquiry


@transaction.atomic
def enquiry_release(*, enquiry: Enquiry) -> Enquiry:
    """Take an active enquiry from an assignee who leaves (the system acts); an open one is new again."""
    enquiry = _locked(enquiry)
    if enquiry.assignee_id is None or enquiry.status not in Enquiry.ACTIVE_STATUSES:
        return enquiry
    enquiry.assignee = None
    enquiry.save(update_fields=["assignee"])
    # No names in the trail: the person leaving is about to be erased.
    _audit(enquiry, None, Action.ASSIGNED)
    if enquiry.status == Status.OPEN:
        _set_status(enquiry, Status.NEW, None)
    return enquiry


@transaction.atomic
def enquiry_reply(
    *, enquiry: Enquiry, by: User, body: str, files: list[UploadedFile] | None = None, ask: bool = False
) -> Message:
    """Post a public message: staff answer (or ask, which waits for the requester); requesters reply."""
    enquiry = _locked(enquiry)
    access = _require(by, enquiry, Access.STAFF, Access.REQUESTER)
    if enquiry.status not in Enquiry.ACTIVE_STATUSES:
        raise ValidationError(_("This enquiry is no longer active."), code="not_active")
    uploads = validate_uploads(files or [])
    message = Message.objects.create(enquiry=enquiry, author=by, body=body)
    attachments_store(message=message, files=uploads)
    _audit(enquiry, by, Action.REPLIED, detail=_("Asked a question") if ask else "")
    if access is Access.STAFF:
        if enquiry.first_response_at is None:
            enquiry.first_response_at = message.created_at
            enquiry.save(update_fields=["first_response_at"])
        if enquiry.assignee_id is None:
            enquiry.assignee = by
            enquiry.save(update_fields=["assignee"])
            _audit(enquiry, by, Action.ASSIGNED, "", str(by))
        target = Status.WAITING if ask else Status.OPEN
        if enquiry.status != target:
            _set_status(enquiry, target, by)
    elif enquiry.status == Status.WAITING:
        _set_status(enquiry, Status.OPEN, by)
    notices.reply_posted(enquiry, message)
    return message


@transaction.atomic
def enquiry_note(
    *, enquiry: Enquiry, by: User, body: str, files: list[UploadedFile] | None = None
) -> Message:
    """Add an internal note: staff of the home queue and the host's coordinators only."""
    enquiry = _locked(enquiry)
    _require(by, enquiry, Access.STAFF, Access.HOST)
    uploads = validate_uploads(files or [])
    message = Message.objects.create(
        enquiry=enquiry, author=by, body=body, visibility=Message.Visibility.INTERNAL
    )
    attachments_store(message=message, files=uploads)
    _audit(enquiry, by, Action.NOTED)
    notices.note_posted(enquiry, message)
    return message


@transaction.atomic
def enquiry_forward(*, enquiry: Enquiry, queue: Queue, reason: str, by: User) -> Enquiry:
    """Hand the enquiry to another queue of the same alliance, with a reason."""
    enquiry = _locked(enquiry)
    _require(by, enquiry, Access.STAFF)
    if enquiry.status not in Enquiry.ACTIVE_STATUSES:
        raise ValidationError(_("Only an active enquiry can be forwarded."), code="not_active")
    if queue.alliance_id != enquiry.alliance_id or queue.pk == enquiry.queue_id:
        raise ValidationError(_("Choose another queue of the same alliance."), code="invalid_queue")
    if not reason.strip():
        raise ValidationError(_("Say why the enquiry is forwarded."), code="reason_required")
    old = enquiry.queue.name
    enquiry.queue = queue
    enquiry.assignee = None
    if enquiry.first_response_at is None:
        enquiry.first_response_due = first_response_due(queue, timezone.now())
    enquiry.save(update_fields=["queue", "assignee", "first_response_due"])
    change = _audit(enquiry, by, Action.FORWARDED, old, queue.name, detail=reason)
    notices.enquiry_forwarded(enquiry, change, by)
    if enquiry.status == Status.OPEN:
        _set_status(enquiry, Status.NEW, by)
    return enquiry


@transaction.atomic
def enquiry_record_outcome(*, enquiry: Enquiry, outcome: str, by: User) -> Enquiry:
    """Record the outcome of an application; this resolves it if it was still active."""
    enquiry = _locked(enquiry)
    _require(by, enquiry, Access.STAFF)
    if enquiry.kind != Enquiry.Kind.APPLICATION:
        raise ValidationError(_("Only applications have an outcome."), code="not_application")
    if outcome not in Enquiry.Outcome.values:
        raise ValidationError(_("Choose an outcome."), code="invalid_outcome")
    if enquiry.status not in (*Enquiry.ACTIVE_STATUSES, Status.RESOLVED):
        raise ValidationError(_("This enquiry is closed."), code="not_active")
    old = enquiry.outcome
    enquiry.outcome = outcome
    enquiry.save(update_fields=["outcome"])
    change = _audit(enquiry, by, Action.OUTCOME, old, outcome)
    notices.outcome_recorded(enquiry, change, by)
    if enquiry.status != Status.RESOLVED:
        _set_status(enquiry, Status.RESOLVED, by)
    return enquiry


@transaction.atomic
def enquiry_recommend(*, enquiry: Enquiry, verdict: str, comment: str, by: User) -> Recommendation:
    """Record the host university's recommendation on an application."""
    enquiry = _locked(enquiry)
    _require(by, enquiry, Access.HOST)
    if enquiry.kind != Enquiry.Kind.APPLICATION or enquiry.opportunity is None:
        raise ValidationError(_("Only applications take a recommendation."), code="not_application")
    if verdict not in Recommendation.Verdict.values:
        raise ValidationError(_("Choose a recommendation."), code="invalid_verdict")
    recommendation, _created = Recommendation.objects.update_or_create(
        enquiry=enquiry,
        university=enquiry.opportunity.host_university,
        defaults={"verdict": verdict, "comment": comment, "author": by, "created_at": timezone.now()},
    )
    _audit(enquiry, by, Action.RECOMMENDED, new=verdict, detail=comment)
    return recommendation


@transaction.atomic
def enquiry_set_priority(*, enquiry: Enquiry, priority: int, by: User) -> Enquiry:
    enquiry = _locked(enquiry)
    _require(by, enquiry, Access.STAFF)
    if priority not in Enquiry.Priority.values:
        raise ValidationError(_("Choose a priority."), code="invalid_priority")
    if enquiry.priority != priority:
        old = enquiry.get_priority_display()
        enquiry.priority = priority
        enquiry.save(update_fields=["priority"])
        _audit(enquiry, by, Action.PRIORITY, str(old), str(enquiry.get_priority_display()))
    return enquiry


def attachment_viewed(*, enquiry: Enquiry, attachment, by: User) -> None:
    """Record that a member of staff (or a host) opened an attachment."""
    _audit(enquiry, by, Action.ATTACHMENT_VIEWED, new=attachment.name)
