"""Who hears of what happens to an enquiry (docs/notifications.md): one function per event.

The services call these inside the transaction of the change, so a notification exists
exactly when the change does; e-mail leaves after commit. Nobody is told of their own action,
and requesters never hear of internal notes.
"""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications.models import Category
from notifications.services import Notice, notify, notify_all

from .models import AuditEntry, Enquiry, Message, QueueMembership

Status = Enquiry.Status
StrOrPromise = str | Promise

# What a status means for the person who asked, in their words.
STATUS_IN_WORDS: dict[str, StrOrPromise] = {
    Status.NEW: _("It is waiting for a coordinator to pick it up."),
    Status.OPEN: _("A coordinator is working on it."),
    Status.WAITING: _("Your coordinator has asked you something: please reply in Mobility Hub."),
    Status.RESOLVED: _(
        "It has been answered. If something is still unclear, you can reopen it within 7 days."
    ),
    Status.CLOSED: _("It is closed."),
    Status.WITHDRAWN: _("It has been withdrawn."),
}


def _members(enquiry: Enquiry) -> QuerySet[User]:
    """The active members of the enquiry's queue, the requester aside (they only ever see it as theirs)."""
    members = enquiry.queue.members.filter(is_active=True).order_by("pk")
    return members.exclude(pk=enquiry.requester_id) if enquiry.requester_id else members


def _tell(
    recipients: Iterable[User | None],
    *,
    enquiry: Enquiry,
    by: User | None,
    category: str,
    event: str,
    key: str,
    **context,
) -> None:
    """Notify each recipient, skipping whoever acted; ``key`` names this occurrence of the event."""
    link = enquiry.get_absolute_url()
    notify_all(
        Notice(
            recipient=user,
            category=category,
            event=f"enquiry.{event}",
            dedup_key=f"{key}:to:{user.pk}",
            template=f"enquiries/email/{event}",
            context={"enquiry": enquiry, "by": by, **context},
            link=link,
            object_key=f"enquiry:{enquiry.pk}",
        )
        for user in recipients
        if user is not None and (by is None or user.pk != by.pk)
    )


def enquiry_received(enquiry: Enquiry) -> None:
    """Acknowledge a new enquiry to its requester and announce it to the queue's members."""
    key = f"enquiry:{enquiry.pk}:received"
    mine, queue = Category.MY_ENQUIRIES, Category.QUEUE_ACTIVITY
    _tell([enquiry.requester], enquiry=enquiry, by=None, category=mine, event="received", key=key)
    _tell(
        _members(enquiry),
        enquiry=enquiry,
        by=enquiry.requester,
        category=queue,
        event="received_queue",
        key=key,
    )


def enquiry_assigned(enquiry: Enquiry, change: AuditEntry, by: User) -> None:
    """Tell the new assignee, unless they took the enquiry themselves."""
    key = f"enquiry:{enquiry.pk}:assigned:{change.pk}"
    _tell(
        [enquiry.assignee],
        enquiry=enquiry,
        by=by,
        category=Category.QUEUE_ACTIVITY,
        event="assigned",
        key=key,
    )


def reply_posted(enquiry: Enquiry, message: Message) -> None:
    """Staff reply: tell the requester. Requester's reply: tell the assignee, else the queue's members."""
    if message.author_id == enquiry.requester_id:
        recipients = [enquiry.assignee] if enquiry.assignee_id else _members(enquiry)
        category, event = Category.QUEUE_ACTIVITY, "reply_queue"
    else:
        recipients = [enquiry.requester]
        category, event = Category.MY_ENQUIRIES, "reply"
    _tell(
        recipients,
        enquiry=enquiry,
        by=message.author,
        category=category,
        event=event,
        key=f"message:{message.pk}",
        status_in_words=STATUS_IN_WORDS[enquiry.status],
    )


def note_posted(enquiry: Enquiry, message: Message) -> None:
    """Tell the queue's other members and the assignee of an internal note; never the requester."""
    _tell(
        [*_members(enquiry), enquiry.assignee],
        enquiry=enquiry,
        by=message.author,
        category=Category.INTERNAL_NOTES,
        event="note",
        key=f"message:{message.pk}",
    )


def status_changed(enquiry: Enquiry, change: AuditEntry, by: User | None) -> None:
    """Tell the requester what the new status means, unless they changed it themselves.

    Changes by the system (``by=None``, the reminder pass) are left out: that pass sends its own
    notice, which says why.
    """
    if by is None:
        return
    _tell(
        [enquiry.requester],
        enquiry=enquiry,
        by=by,
        category=Category.MY_ENQUIRIES,
        event="status",
        key=f"enquiry:{enquiry.pk}:status:{change.pk}",
        status_in_words=STATUS_IN_WORDS[enquiry.status],
    )


def enquiry_forwarded(enquiry: Enquiry, change: AuditEntry, by: User) -> None:
    """Tell the requester who handles the enquiry now, and the new queue's members that it arrived."""
    key = f"enquiry:{enquiry.pk}:forwarded:{change.pk}"
    mine, queue = Category.MY_ENQUIRIES, Category.QUEUE_ACTIVITY
    _tell([enquiry.requester], enquiry=enquiry, by=by, category=mine, event="forwarded", key=key)
    _tell(
        _members(enquiry),
        enquiry=enquiry,
        by=by,
        category=queue,
        event="forwarded_queue",
        key=key,
        reason=change.detail,
    )


def outcome_recorded(enquiry: Enquiry, change: AuditEntry, by: User) -> None:
    """Tell the requester the outcome of their application."""
    key = f"enquiry:{enquiry.pk}:outcome:{change.pk}"
    _tell(
        [enquiry.requester], enquiry=enquiry, by=by, category=Category.MY_ENQUIRIES, event="outcome", key=key
    )


def member_added(membership: QueueMembership, by: User) -> None:
    """Tell a person that they were added to a queue, so that nobody is added unawares."""
    notify(
        recipient=membership.user,
        category=Category.QUEUE_ACTIVITY,
        event="queue.member_added",
        dedup_key=f"queue-membership:{membership.pk}:added",
        template="enquiries/email/member_added",
        context={"queue": membership.queue, "by": by},
        link=reverse("queue:index"),
        object_key=f"queue:{membership.queue_id}",
    )
