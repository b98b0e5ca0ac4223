"""What enquiries keeps about a person: its export, its erasure with the account, and its retention.

An enquiry outlives its requester's personal data: the university keeps the record (reference,
kind, topic, opportunity, queue, dates, statuses, outcome) for its figures and files, while the
requester's identity, their words and their documents go. Status changes on the way (withdrawing
a leaving requester's active enquiries) go through the workflow like any other.
"""

import datetime as dt
import logging
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Model, Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.redaction import Mentions, redact_rows
from notifications.privacy import notifications_about_delete

from .models import (
    Attachment,
    AuditEntry,
    CannedReply,
    Enquiry,
    Message,
    Queue,
    QueueMembership,
    Recommendation,
)
from .services.workflow import enquiry_release, enquiry_transition
from .storage import private_storage

logger = logging.getLogger(__name__)
Action = AuditEntry.Action
Status = Enquiry.Status

FINISHED = (Status.CLOSED, Status.WITHDRAWN)
# What a requester sees of their enquiry's history: statuses, hand-overs, outcome; not staff's reasons.
HISTORY_ACTIONS = (Action.SUBMITTED, Action.STATUS, Action.FORWARDED, Action.OUTCOME)
# Free text where a person's name may have been written or copied by someone else.
TEXT_FIELDS: list[tuple[type[Model], list[str]]] = [
    (Enquiry, ["subject"]),
    (Message, ["body"]),
    (Attachment, ["name"]),
    (AuditEntry, ["old_value", "new_value", "detail"]),
    (Recommendation, ["comment"]),
    (CannedReply, ["title", "body"]),
    (Queue, ["name", "contact_email"]),
]


def _requested(enquiry: Enquiry, user: User) -> dict[str, Any]:
    return {
        "reference": enquiry.reference,
        "alliance": enquiry.alliance.code,
        "kind": enquiry.kind,
        "topic": enquiry.topic,
        "subject": enquiry.subject,
        "opportunity": enquiry.opportunity.title if enquiry.opportunity is not None else None,
        "handled_by": enquiry.queue.name,
        "status": enquiry.status,
        "outcome": enquiry.outcome,
        "created_at": enquiry.created_at,
        "first_answer_expected_by": enquiry.first_response_due,
        "first_answered_at": enquiry.first_response_at,
        "resolved_at": enquiry.resolved_at,
        "closed_at": enquiry.closed_at,
        "messages": [
            {
                "sent_at": m.created_at,
                "by_you": m.author_id == user.pk,
                "author": str(m.author) if m.author_id else None,
                "text": m.body,
                "attachments": [a.name for a in m.attachments.all()],
            }
            for m in enquiry.messages.all()  # the public ones: personal_data prefetches only those
        ],
        "history": [
            {"at": e.created_at, "event": e.action, "before": e.old_value, "after": e.new_value}
            for e in enquiry.audit_entries.all()  # prefetched: the history the requester sees
        ],
    }


def personal_data(user: User) -> dict[str, Any]:
    """``user``'s enquiries as they see them, what they wrote anywhere, their files and queues."""
    public = Message.objects.filter(visibility=Message.Visibility.PUBLIC).select_related("author")
    requested = (
        Enquiry.objects.filter(requester=user)
        .select_related("alliance", "queue", "opportunity")
        .prefetch_related(
            Prefetch("messages", queryset=public.prefetch_related("attachments")),
            Prefetch(
                "audit_entries",
                queryset=AuditEntry.objects.filter(action__in=HISTORY_ACTIONS),
            ),
        )
        .order_by("created_at", "pk")
    )
    written = Message.objects.filter(author=user).select_related("enquiry").order_by("created_at", "pk")
    attachments = (
        Attachment.objects.filter(message__author=user).select_related("message__enquiry").order_by("pk")
    )
    recommendations = Recommendation.objects.filter(author=user).select_related("enquiry", "university")
    return {
        "enquiries": [_requested(enquiry, user) for enquiry in requested],
        "messages_written": [
            {
                "enquiry": m.enquiry.reference,
                "visibility": m.visibility,
                "sent_at": m.created_at,
                "text": m.body,
            }
            for m in written
        ],
        "attachments": [
            {
                "name": a.name,
                "size": a.size,
                "content_type": a.content_type,
                "enquiry": a.message.enquiry.reference,
                "uploaded_at": a.created_at,
            }
            for a in attachments
        ],
        "queue_memberships": list(
            QueueMembership.objects.filter(user=user)
            .order_by("queue__name")
            .values_list("queue__name", flat=True)
        ),
        "recommendations_written": [
            {
                "enquiry": r.enquiry.reference,
                "university": r.university.name,
                "recommendation": r.verdict,
                "comment": r.comment,
                "at": r.created_at,
            }
            for r in recommendations.order_by("created_at")
        ],
    }


def _files_delete(names: list[str]) -> None:
    for name in names:
        try:
            private_storage.delete(name)
        except OSError:
            logger.warning("Could not delete the attachment file %s.", name, exc_info=True)


def _attachments_delete(attachments: QuerySet[Attachment]) -> list[str]:
    """Delete the rows now and their files once the transaction commits; return the display names."""
    rows = list(attachments.values_list("pk", "file", "name"))
    Attachment.objects.filter(pk__in=[pk for pk, _file, _name in rows]).delete()
    transaction.on_commit(partial(_files_delete, [file for _pk, file, _name in rows if file]))
    return [name for _pk, _file, name in rows]


def _requester_remove(enquiry_ids: list[int], *, action: str, now: dt.datetime, **fields) -> None:
    """Detach the enquiries from their requester and subject, say so in each audit trail, and drop
    the notifications about them (they repeat the subject)."""
    Enquiry.objects.filter(pk__in=enquiry_ids).update(requester=None, subject="", **fields)
    AuditEntry.objects.bulk_create(
        [AuditEntry(enquiry_id=pk, action=action, created_at=now) for pk in enquiry_ids]
    )
    notifications_about_delete(object_keys=[f"enquiry:{pk}" for pk in enquiry_ids])


@transaction.atomic
def person_erase(*, user: User, mentions: Mentions) -> None:
    """Anonymise ``user``'s enquiries for the record, release what they handled, redact their name.

    Their active enquiries are withdrawn (nobody would read an answer), active enquiries assigned
    to them go back to their queue, and their own messages and documents go. Staff's messages
    stay, without the person's name or addresses.
    """
    for enquiry in Enquiry.objects.filter(requester=user, status__in=Enquiry.ACTIVE_STATUSES):
        enquiry_transition(enquiry=enquiry, to=Status.WITHDRAWN, by=None)
    for enquiry in Enquiry.objects.filter(assignee=user, status__in=Enquiry.ACTIVE_STATUSES):
        enquiry_release(enquiry=enquiry)
    requested = list(Enquiry.objects.filter(requester=user).values_list("pk", flat=True))
    now = timezone.now()
    Message.objects.filter(enquiry_id__in=requested, author=user).update(body="", removed_at=now)
    names = _attachments_delete(
        Attachment.objects.filter(message__enquiry_id__in=requested, message__author=user)
    )
    AuditEntry.objects.filter(
        enquiry_id__in=requested, action=Action.ATTACHMENT_VIEWED, new_value__in=names
    ).update(new_value="")
    _requester_remove(requested, action=Action.REQUESTER_ERASED, now=now)
    QueueMembership.objects.filter(user=user).delete()
    for model, fields in TEXT_FIELDS:
        redact_rows(model._default_manager.all(), fields, mentions)


def _due(closed_before: dt.datetime) -> QuerySet[Enquiry]:
    return Enquiry.objects.filter(
        anonymised_at__isnull=True, status__in=FINISHED, closed_at__lt=closed_before
    )


@transaction.atomic
def enquiries_anonymise(*, enquiry_ids: list[int], closed_before: dt.datetime) -> int:
    """Remove the personal data of those enquiries that finished before ``closed_before``; return how many.

    Kept: reference, alliance, kind, topic, opportunity, queue, the requester's university at
    the time, dates, statuses, outcome and who on the staff did what. Removed: the requester,
    the subject, every message's text, every attachment, staff's free-text reasons and comments,
    and the notifications about the enquiry.
    """
    ids = list(
        _due(closed_before).select_for_update().filter(pk__in=enquiry_ids).values_list("pk", flat=True)
    )
    if not ids:
        return 0
    now = timezone.now()
    Message.objects.filter(enquiry_id__in=ids, removed_at__isnull=True).update(body="", removed_at=now)
    _attachments_delete(Attachment.objects.filter(message__enquiry_id__in=ids))
    entries = AuditEntry.objects.filter(enquiry_id__in=ids)
    entries.filter(action=Action.ATTACHMENT_VIEWED).update(new_value="")
    entries.filter(action__in=[Action.FORWARDED, Action.RECOMMENDED]).update(detail="")
    Recommendation.objects.filter(enquiry_id__in=ids).update(comment="")
    _requester_remove(ids, action=Action.ANONYMISED, now=now, anonymised_at=now)
    return len(ids)


def enquiries_anonymise_closed(*, closed_before: dt.datetime, batch_size: int = 200) -> int:
    """Anonymise every enquiry closed or withdrawn before ``closed_before``, one transaction per batch.

    Candidates are read by keyset on the partial index of not-yet-anonymised enquiries, so
    memory and lock time stay bounded whatever the backlog; running it again finds nothing.
    """
    anonymised = 0
    last: tuple[dt.datetime | None, int] | None = None
    while True:
        candidates = _due(closed_before)
        if last is not None:
            candidates = candidates.filter(Q(closed_at__gt=last[0]) | Q(closed_at=last[0], pk__gt=last[1]))
        batch = list(candidates.order_by("closed_at", "pk").values_list("closed_at", "pk")[:batch_size])
        if not batch:
            return anonymised
        last = batch[-1]
        anonymised += enquiries_anonymise(enquiry_ids=[pk for _at, pk in batch], closed_before=closed_before)
