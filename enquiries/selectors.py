"""Reads with rules: who may see which enquiry and in which capacity; the work queue; contacts."""

import enum
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import Role, User
from accounts.selectors import coordinators_of, roles_of
from institutions.models import Alliance
from opportunities.models import Opportunity

from .models import Enquiry, Message, Queue, QueueMembership
from .routing import NoRouteError, QueueOption, RouteReason, RoutingRequest, route


class Access(enum.Enum):
    """In which capacity a person sees an enquiry."""

    REQUESTER = "requester"
    STAFF = "staff"  # the home queue's members, its university's coordinators, the central office
    HOST = "host"  # coordinators of the opportunity's host university: read, note, recommend


def member_queue_ids(user: User) -> frozenset[int]:
    """Queues ``user`` is a member of (cached on the user object for the request)."""
    cached = getattr(user, "_member_queue_ids", None)
    if cached is None:
        # No ordering: the default one (queue, person's e-mail) joins four tables for nothing.
        memberships = QueueMembership.objects.filter(user=user).order_by()
        cached = frozenset(memberships.values_list("queue_id", flat=True))
        user._member_queue_ids = cached
    return cached


def handles_enquiries(user: User) -> bool:
    """Whether ``user`` works on other people's enquiries (queue member, coordinator, central office)."""
    return user.is_authenticated and (roles_of(user).is_staff_of_any or bool(member_queue_ids(user)))


def staff_queues(user: User) -> QuerySet[Queue]:
    """Queues whose enquiries ``user`` handles (central office: every queue of its alliance)."""
    if not user.is_authenticated:
        return Queue.objects.none()
    roles = roles_of(user)
    return Queue.objects.filter(
        Q(pk__in=member_queue_ids(user))
        | Q(university_id__in=roles.coordinated_university_ids)
        | Q(alliance_id__in=roles.central_office_alliance_ids)
    )


def is_staff_of(user: User, queue: Queue) -> bool:
    roles = roles_of(user)
    return (
        queue.pk in member_queue_ids(user)
        or (queue.university_id is not None and queue.university_id in roles.coordinated_university_ids)
        or queue.alliance_id in roles.central_office_alliance_ids
    )


def access_to(user: User, enquiry: Enquiry) -> Access | None:
    """Return how ``user`` may see ``enquiry``, or None if they may not see it at all."""
    if not user.is_authenticated:
        return None
    if enquiry.requester_id == user.pk:
        return Access.REQUESTER
    if is_staff_of(user, enquiry.queue):
        return Access.STAFF
    opportunity = enquiry.opportunity if enquiry.opportunity_id else None
    if (
        opportunity is not None
        and opportunity.host_university_id in roles_of(user).coordinated_university_ids
    ):
        return Access.HOST
    return None


def enquiry_for(user: User, reference: str) -> tuple[Enquiry, Access]:
    """Return the enquiry and how ``user`` sees it; 404 for everyone else, so references do not leak.

    Planning a join grows fast with its tables, and PostgreSQL plans every query: one query
    over all ten tables, ordered and limited, took longer to plan at full scale than the page's
    other queries take to run (docs/performance.md). So the opportunity and its host
    come in a second small query, and the unique reference needs neither ORDER BY nor LIMIT
    (each adds plans to weigh). Of the opportunity, only what the enquiry pages show and the
    access rule needs: its link and its host.
    """
    opportunity = Opportunity.objects.select_related("host_university").only(
        "title", "slug", "text_language", "host_university"
    )
    found = list(
        Enquiry.objects.select_related(
            "queue__university", "queue__alliance", "assignee", "requester", "requester_university"
        )
        .prefetch_related(Prefetch("opportunity", queryset=opportunity))
        .filter(reference=reference)
        .order_by()
    )
    access = access_to(user, found[0]) if found else None
    if access is None:
        raise Http404
    return found[0], access


def thread(enquiry: Enquiry, access: Access) -> QuerySet[Message]:
    """The messages ``access`` may read: requesters never see internal notes.

    Each message comes with its author and its attachments as the list ``attachment_list``.
    """
    messages = enquiry.messages.select_related("author").prefetch_related(
        Prefetch("attachments", to_attr="attachment_list")
    )
    if access is Access.REQUESTER:
        messages = messages.filter(visibility=Message.Visibility.PUBLIC)
    return messages


def my_enquiries(user: User) -> QuerySet[Enquiry]:
    return (
        Enquiry.objects.filter(requester=user)
        .select_related("queue__university", "queue__alliance", "assignee", "opportunity")
        .order_by("-created_at")
    )


def work_queue(user: User) -> QuerySet[Enquiry]:
    """The enquiries of the queues ``user`` handles, with what a row shows.

    The queues are read first, so that the database sees a plain list of ids and can use the
    (queue, status, due date) index rather than estimate a subquery.
    """
    queue_ids = list(staff_queues(user).order_by().values_list("pk", flat=True))  # no join to sort
    return Enquiry.objects.filter(queue_id__in=queue_ids).select_related(
        "queue__university", "requester", "requester_university", "assignee", "opportunity"
    )


def hosted_enquiries(user: User) -> QuerySet[Enquiry]:
    """Enquiries about opportunities of the universities ``user`` coordinates, handled elsewhere."""
    coordinated = roles_of(user).coordinated_university_ids
    if not coordinated:
        return Enquiry.objects.none()
    return (
        Enquiry.objects.filter(opportunity__host_university_id__in=coordinated)
        .exclude(queue__in=staff_queues(user))
        .select_related("queue__university", "requester", "requester_university", "assignee", "opportunity")
    )


def status_counts(enquiries: QuerySet[Enquiry]) -> dict[str, int]:
    # COUNT(*) rather than of the key: the (queue, status, due) index alone answers it.
    rows = enquiries.order_by().values("status").annotate(n=Count("*"))
    return {row["status"]: row["n"] for row in rows}


def assignable_staff(queue: Queue) -> QuerySet[User]:
    """People who may be given an enquiry of ``queue``: its members, coordinators, central office.

    One list of people's ids, rather than an OR over two outer joins: that made PostgreSQL read
    every person for the assignment form of each enquiry.
    """
    roles = Q(kind=Role.Kind.CENTRAL_OFFICE, alliance_id=queue.alliance_id)
    if queue.university_id is not None:
        roles |= Q(kind=Role.Kind.COORDINATOR, university_id=queue.university_id)
    people = (
        QueueMembership.objects.filter(queue=queue)
        .order_by()
        .values("user_id")
        .union(Role.objects.filter(roles).order_by().values("user_id"))
    )
    return User.objects.filter(pk__in=people, is_active=True).order_by("display_name", "email")


def forward_targets(enquiry: Enquiry) -> QuerySet[Queue]:
    return (
        Queue.objects.filter(alliance_id=enquiry.alliance_id)
        .exclude(pk=enquiry.queue_id)
        .select_related("university")
        .order_by("university__name", "topic")
    )


def queue_option(queue: Queue) -> QueueOption:
    """What routing needs to know of ``queue``."""
    return QueueOption(queue.pk, queue.alliance_id, queue.university_id, queue.topic)


def alliance_queue_options(alliance_id: int) -> list[QueueOption]:
    return [
        queue_option(q)
        for q in Queue.objects.filter(alliance_id=alliance_id)
        .order_by()
        .only("pk", "alliance_id", "university_id", "topic")
    ]


def alliance_queues(alliance_id: int) -> dict[int, Queue]:
    """The alliance's queues by id, each with its university and alliance: route, then use the chosen one."""
    queues = Queue.objects.filter(alliance_id=alliance_id).select_related("university", "alliance").order_by()
    return {queue.pk: queue for queue in queues}


@dataclass(frozen=True)
class Contact:
    """Who handles a person's general enquiries in one alliance, and why."""

    alliance: Alliance
    queue: Queue
    reason: RouteReason
    coordinators: list[User]

    @property
    def is_local(self) -> bool:
        return self.reason.is_local


def routing_request(user: User, alliance_id: int, topic: str = "") -> RoutingRequest:
    home = user.home_university
    return RoutingRequest(
        alliance_id=alliance_id,
        home_university_id=home.pk if home else None,
        home_alliance_id=home.alliance_id if home else None,
        topic=topic,
    )


def contacts_for(user: User) -> list[Contact]:
    """Return, for every alliance, where ``user``'s general enquiries go (docs/routing.md)."""
    home = user.home_university
    reachable = Q(university__isnull=True)
    if home is not None:
        reachable |= Q(university=home)
    queues = list(Queue.objects.filter(reachable).select_related("alliance", "university"))
    coordinators = coordinators_of([home.pk]) if home is not None else {}
    by_id = {q.pk: q for q in queues}
    options = [queue_option(q) for q in queues]
    alliances = sorted({q.alliance for q in queues if q.is_central}, key=lambda a: a.name)
    contacts = []
    for alliance in alliances:
        try:
            found = route(routing_request(user, alliance.pk), options)
        except NoRouteError:
            continue
        queue = by_id[found.queue_id]
        local_university_id = queue.university_id if found.reason.is_local else None
        contacts.append(
            Contact(
                alliance=alliance,
                queue=queue,
                reason=found.reason,
                coordinators=coordinators.get(local_university_id, []) if local_university_id else [],
            )
        )
    # The person's own alliance first.
    contacts.sort(key=lambda c: not c.is_local)
    return contacts


def alliances_with_central_office() -> QuerySet[Alliance]:
    """Alliances whose central office can take enquiries (accessibility feedback goes there)."""
    return Alliance.objects.filter(pk__in=Queue.objects.central().values("alliance_id")).order_by("name")


@dataclass(frozen=True)
class CentralOffice:
    """An alliance's central office and the address people may write to instead of signing in."""

    alliance: Alliance
    email: str


def central_offices() -> list[CentralOffice]:
    """Every alliance's central office, by alliance name, with its public e-mail address."""
    queues = Queue.objects.central().select_related("alliance").order_by("alliance__name")
    return [
        CentralOffice(queue.alliance, queue.alliance.office_email or queue.contact_email) for queue in queues
    ]
