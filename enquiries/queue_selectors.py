"""Reads with rules for queue administration: which queues a person manages."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.selectors import roles_of
from institutions.models import University

from .models import CannedReply, Queue, QueueMembership


def managed_queues(user: User) -> QuerySet[Queue]:
    """Queues ``user`` administers (members, response target, canned replies, topic queues).

    A local coordinator manages every queue of the universities they coordinate: the default
    queue and its topic queues. The central office manages its alliance's central queue only;
    university queues are administered by their coordinators, even though the office handles
    their enquiries. Membership of a queue manages nothing. Each queue carries ``member_count``.
    """
    if not user.is_authenticated:
        return Queue.objects.none()
    roles = roles_of(user)
    if not roles.is_staff_of_any:
        return Queue.objects.none()
    return (
        Queue.objects.filter(
            Q(university_id__in=roles.coordinated_university_ids)
            | Q(university__isnull=True, alliance_id__in=roles.central_office_alliance_ids)
        )
        .select_related("university", "alliance")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("alliance__name", "university__name", "topic")
    )


def can_manage_queue(user: User, queue: Queue) -> bool:
    """Whether ``user`` administers ``queue`` (the rule of :func:`managed_queues`)."""
    if not user.is_authenticated:
        return False
    roles = roles_of(user)
    if queue.university_id is None:
        return queue.alliance_id in roles.central_office_alliance_ids
    return queue.university_id in roles.coordinated_university_ids


def can_join_queue(user: User, queue: Queue) -> bool:
    """Whether ``user`` may be made a member of ``queue``: people of its university, or, for the
    central office's queue, of a member university; the alliance's central office anywhere in it."""
    if queue.alliance_id in roles_of(user).central_office_alliance_ids:
        return True
    if user.home_university_id is None:
        return False
    if queue.university_id is not None:
        return user.home_university_id == queue.university_id
    return University.objects.filter(pk=user.home_university_id, alliance_id=queue.alliance_id).exists()


def can_add_topic_queue(user: User, university: University) -> bool:
    """Whether ``user`` may split ``university``'s work into topic queues (its coordinators)."""
    return user.is_authenticated and university.pk in roles_of(user).coordinated_university_ids


def managed_queue(user: User, queue_id: int) -> Queue:
    """Return a queue ``user`` manages, or 404 (never 403: other queues are none of their business)."""
    queue = managed_queues(user).filter(pk=queue_id).first()
    if queue is None:
        raise Http404
    return queue


def queue_memberships(queue: Queue) -> QuerySet[QueueMembership]:
    return queue.memberships.select_related("user").order_by("user__display_name", "user__email")


def queue_canned_replies(queue: Queue) -> QuerySet[CannedReply]:
    return queue.canned_replies.order_by("title", "pk")


def sibling_topic_queues(queue: Queue) -> QuerySet[Queue]:
    """The other queues of the queue's university (none for a central queue)."""
    if queue.university_id is None:
        return Queue.objects.none()
    return Queue.objects.filter(university_id=queue.university_id).exclude(pk=queue.pk).order_by("topic")
