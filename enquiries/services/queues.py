"""Queue administration: settings, members, topic queues and canned replies."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from institutions.models import University

from .. import notices
from ..models import CannedReply, Enquiry, Queue, QueueMembership, Topic
from ..queue_selectors import can_add_topic_queue, can_join_queue, can_manage_queue
from ..selectors import is_staff_of
from .workflow import enquiry_assign


def _locked(queue: Queue) -> Queue:
    return Queue.objects.select_for_update().get(pk=queue.pk)


def _require_manager(by: User, queue: Queue) -> None:
    if not can_manage_queue(by, queue):
        raise PermissionDenied


@transaction.atomic
def queue_update(
    *, queue: Queue, by: User, name: str, contact_email: str, first_response_target_days: int
) -> Queue:
    """Change a queue's name, public contact and first-response target (1 to 30 working days).

    The target applies to enquiries submitted from now on; due dates already given stay.
    """
    queue = _locked(queue)
    _require_manager(by, queue)
    queue.name = name.strip()
    queue.contact_email = contact_email.strip().lower()
    queue.first_response_target_days = first_response_target_days
    queue.full_clean()
    queue.save(update_fields=["name", "contact_email", "first_response_target_days"])
    return queue


@transaction.atomic
def queue_member_add(*, queue: Queue, user_email: str, by: User) -> QueueMembership:
    """Let the person with this address triage the queue, and tell them so.

    Only people the queue may have (``queue_selectors.can_join_queue``): of the queue's
    university, or of the alliance for its central office. Whether the address has no account,
    an inactive one or one of someone else gets the same answer, so that the form cannot be
    used to learn who has an account.
    """
    queue = _locked(queue)
    _require_manager(by, queue)
    user = User.objects.filter(email__iexact=user_email.strip(), is_active=True).first()
    if user is None or not can_join_queue(user, queue):
        raise ValidationError(
            _("Nobody who can join this queue has an account with this address."), code="no_active_account"
        )
    membership, created = QueueMembership.objects.get_or_create(queue=queue, user=user)
    if not created:
        raise ValidationError(_("This person is already a member of the queue."), code="already_member")
    notices.member_added(membership, by)
    return membership


@transaction.atomic
def queue_member_remove(*, queue: Queue, user: User, by: User) -> None:
    """Stop a person triaging the queue.

    Active enquiries of the queue assigned to them go back to nobody, unless they still handle
    the queue through a role (its university's coordinator, the alliance's central office).
    """
    queue = _locked(queue)
    _require_manager(by, queue)
    deleted, _rows = QueueMembership.objects.filter(queue=queue, user=user).delete()
    if not deleted:
        raise ValidationError(_("This person is not a member of the queue."), code="not_member")
    person = User.objects.get(pk=user.pk)
    if is_staff_of(person, queue):
        return
    assigned = Enquiry.objects.active().filter(queue=queue, assignee=person).order_by("pk")
    for enquiry in assigned:
        enquiry_assign(enquiry=enquiry, assignee=None, by=by)


@transaction.atomic
def topic_queue_create(*, university: University, topic: str, name: str, by: User) -> Queue:
    """Give one of a university's topics a queue of its own (one queue per topic and university).

    The new queue starts with the default queue's contact address and response target.
    """
    if not can_add_topic_queue(by, university):
        raise PermissionDenied
    if topic not in dict(Topic.university_choices()):
        raise ValidationError(_("Choose one of the topics."), code="invalid_topic")
    # Lock the university's queues so that two requests cannot both find the topic free.
    queues = list(Queue.objects.select_for_update().filter(university=university))
    if any(queue.topic == topic for queue in queues):
        raise ValidationError(_("This topic already has a queue."), code="topic_taken")
    queue = Queue(alliance_id=university.alliance_id, university=university, topic=topic, name=name.strip())
    default = next((queue for queue in queues if not queue.topic), None)
    if default is not None:
        queue.contact_email = default.contact_email
        queue.first_response_target_days = default.first_response_target_days
    queue.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            queue.save()
    except IntegrityError as error:
        raise ValidationError(_("This topic already has a queue."), code="topic_taken") from error
    return queue


@transaction.atomic
def canned_reply_save(
    *, queue: Queue, by: User, title: str, body: str, canned_reply: CannedReply | None = None
) -> CannedReply:
    """Add a canned reply to the queue, or change one of its canned replies."""
    queue = _locked(queue)
    _require_manager(by, queue)
    if canned_reply is None:
        canned_reply = CannedReply(queue=queue)
    else:
        canned_reply = CannedReply.objects.select_for_update().get(pk=canned_reply.pk)
        if canned_reply.queue_id != queue.pk:
            raise PermissionDenied
    canned_reply.title = title.strip()
    canned_reply.body = body.strip()
    canned_reply.full_clean()
    canned_reply.save()
    return canned_reply


@transaction.atomic
def canned_reply_delete(*, canned_reply: CannedReply, by: User) -> None:
    canned_reply = CannedReply.objects.select_for_update().select_related("queue").get(pk=canned_reply.pk)
    _require_manager(by, canned_reply.queue)
    canned_reply.delete()
