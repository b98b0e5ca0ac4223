"""Where an enquiry goes (docs/routing.md): the one place that decides it.

Pure rules tried in order, like Django's password validators: each looks at the
enquiry's alliance, the requester's home university and the topic, and either returns a
route or passes (or raises ``NoRouteError`` when only a missing queue could take it). No
ORM and no request: callers hand in plain values.

Feedback on the website's accessibility is the one topic that ignores the home
university: it always goes to the alliance's central office (docs/routing.md).
"""

import enum
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class QueueOption:
    """A queue that can receive enquiries; ``university_id`` is None for a central office."""

    id: int
    alliance_id: int
    university_id: int | None
    topic: str = ""


@dataclass(frozen=True)
class RoutingRequest:
    alliance_id: int
    home_university_id: int | None
    home_alliance_id: int | None
    topic: str = ""


class RouteReason(enum.Enum):
    HOME_TOPIC_QUEUE = _("Your home university is a member of the alliance and has a queue for this topic.")
    HOME_QUEUE = _("Your home university is a member of the alliance.")
    NO_HOME_UNIVERSITY = _(
        "You are not from a member university, so the alliance's central office handles it."
    )
    OTHER_ALLIANCE = _(
        "Your home university belongs to another alliance, so this alliance's central office handles it."
    )
    NO_HOME_QUEUE = _(
        "Your home university has no coordinator queue yet, so the alliance's central office handles it."
    )
    ACCESSIBILITY = _(
        "The alliance's central office answers for this website, so it handles feedback on its accessibility."
    )

    @property
    def is_local(self) -> bool:
        return self in (RouteReason.HOME_TOPIC_QUEUE, RouteReason.HOME_QUEUE)


@dataclass(frozen=True)
class Route:
    queue_id: int
    reason: RouteReason


class NoRouteError(Exception):
    """The alliance has no queue that can take the enquiry (not even a central office)."""


Rule = Callable[[RoutingRequest, Sequence[QueueOption]], Route | None]


def _is_member(request: RoutingRequest) -> bool:
    return request.home_university_id is not None and request.home_alliance_id == request.alliance_id


def _home_queues(request: RoutingRequest, queues: Sequence[QueueOption]) -> list[QueueOption]:
    return [
        q
        for q in queues
        if q.alliance_id == request.alliance_id and q.university_id == request.home_university_id
    ]


def home_topic_queue(request: RoutingRequest, queues: Sequence[QueueOption]) -> Route | None:
    """A member's enquiry goes to their university's queue for the enquiry's topic."""
    if not _is_member(request) or not request.topic:
        return None
    for queue in _home_queues(request, queues):
        if queue.topic == request.topic:
            return Route(queue.id, RouteReason.HOME_TOPIC_QUEUE)
    return None


def home_default_queue(request: RoutingRequest, queues: Sequence[QueueOption]) -> Route | None:
    """Otherwise a member's enquiry goes to their university's default queue."""
    if not _is_member(request):
        return None
    for queue in _home_queues(request, queues):
        if not queue.topic:
            return Route(queue.id, RouteReason.HOME_QUEUE)
    return None


def _central_queue(request: RoutingRequest, queues: Sequence[QueueOption]) -> QueueOption | None:
    return next(
        (q for q in queues if q.alliance_id == request.alliance_id and q.university_id is None),
        None,
    )


# Feedback on the website itself (EU Web Accessibility Directive): the central office answers
# for the alliance's installation, whoever writes, so this topic never goes to a university.
ACCESSIBILITY_TOPIC = "accessibility"


def accessibility_feedback(request: RoutingRequest, queues: Sequence[QueueOption]) -> Route | None:
    """Feedback on the website's accessibility always goes to the central office, even from members."""
    if request.topic != ACCESSIBILITY_TOPIC:
        return None
    central = _central_queue(request, queues)
    if central is None:
        # Never fall through to a university queue: the central office answers for the website.
        raise NoRouteError(f"Alliance {request.alliance_id} has no central office queue.")
    return Route(central.id, RouteReason.ACCESSIBILITY)


def central_office(request: RoutingRequest, queues: Sequence[QueueOption]) -> Route | None:
    """Everything else goes to the alliance's central office."""
    central = _central_queue(request, queues)
    if central is None:
        return None
    if request.home_university_id is None:
        reason = RouteReason.NO_HOME_UNIVERSITY
    elif request.home_alliance_id != request.alliance_id:
        reason = RouteReason.OTHER_ALLIANCE
    else:
        logger.warning(
            "University %s has no default queue in alliance %s; routing to the central office.",
            request.home_university_id,
            request.alliance_id,
        )
        reason = RouteReason.NO_HOME_QUEUE
    return Route(central.id, reason)


# The topic of an enquiry about an opportunity follows from the opportunity's kind.
TOPIC_OF_KIND = {
    "semester-exchange": "student-mobility",
    "short-term-mobility": "student-mobility",
    "summer-school": "student-mobility",
    "traineeship": "student-mobility",
    "virtual-exchange": "student-mobility",
    "staff-mobility": "staff-mobility",
    "research-project": "research",
    "citizen-science": "research",
    "volunteering": "engagement",
    "buddy": "engagement",
    "joint-course": "courses",
    "event": "events",
    "challenge": "events",
}


def topic_for_opportunity(kind: str) -> str:
    """Return the enquiry topic for an opportunity of ``kind``."""
    return TOPIC_OF_KIND.get(kind, "general")


RULES: tuple[Rule, ...] = (accessibility_feedback, home_topic_queue, home_default_queue, central_office)


def route(request: RoutingRequest, queues: Sequence[QueueOption]) -> Route:
    """Return the queue that handles ``request`` and why; raise ``NoRouteError`` if none can."""
    for rule in RULES:
        found = rule(request, queues)
        if found is not None:
            return found
    raise NoRouteError(f"Alliance {request.alliance_id} has no central office queue.")
