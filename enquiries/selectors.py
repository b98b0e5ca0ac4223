from dataclasses import dataclass

from django.db.models import Q

from accounts.models import User
from accounts.selectors import coordinators_of
from institutions.models import Alliance

from .models import Queue
from .routing import NoRouteError, QueueOption, RouteReason, RoutingRequest, route


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


def contacts_for(user: User) -> list[Contact]:
    """Return, for every alliance, where ``user``'s general enquiries go (SPEC §2)."""
    home = user.home_university
    reachable = Q(university__isnull=True)
    if home is not None:
        reachable |= Q(university=home)
    queues = list(Queue.objects.filter(reachable).select_related("alliance", "university"))
    coordinators = coordinators_of([home.pk]) if home is not None else {}
    by_id = {q.pk: q for q in queues}
    options = [QueueOption(q.pk, q.alliance_id, q.university_id, q.topic) for q in queues]
    alliances = sorted({q.alliance for q in queues if q.is_central}, key=lambda a: a.name)
    contacts = []
    for alliance in alliances:
        request = RoutingRequest(
            alliance_id=alliance.pk,
            home_university_id=home.pk if home else None,
            home_alliance_id=home.alliance_id if home else None,
        )
        try:
            found = route(request, options)
        except NoRouteError:
            continue
        queue = by_id[found.queue_id]
        contacts.append(
            Contact(
                alliance=alliance,
                queue=queue,
                reason=found.reason,
                coordinators=coordinators.get(queue.university_id, []) if found.reason.is_local else [],
            )
        )
    # The person's own alliance first.
    contacts.sort(key=lambda c: not c.is_local)
    return contacts
