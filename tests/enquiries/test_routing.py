import itertools
import logging

import pytest

from enquiries.routing import (
    ACCESSIBILITY_TOPIC,
    NoRouteError,
    QueueOption,
    RouteReason,
    RoutingRequest,
    route,
)

# Alliance 1 has universities 10 (default queue 100 and a staff-mobility queue 101) and
# 11 (no queue at all), and central office 1000. Alliance 2 has university 20 (queue 200)
# and central office 2000. Alliance 3 has no queue.
QUEUES = [
    QueueOption(100, 1, 10, ""),
    QueueOption(101, 1, 10, "staff-mobility"),
    QueueOption(1000, 1, None, ""),
    QueueOption(200, 2, 20, ""),
    QueueOption(2000, 2, None, ""),
]

MEMBER_10 = {"home_university_id": 10, "home_alliance_id": 1}
MEMBER_11 = {"home_university_id": 11, "home_alliance_id": 1}
MEMBER_20 = {"home_university_id": 20, "home_alliance_id": 2}
OUTSIDER = {"home_university_id": None, "home_alliance_id": None}


@pytest.mark.parametrize(
    ("alliance", "requester", "topic", "queue", "reason"),
    [
        (1, MEMBER_10, "", 100, RouteReason.HOME_QUEUE),
        (1, MEMBER_10, "staff-mobility", 101, RouteReason.HOME_TOPIC_QUEUE),
        (1, MEMBER_10, "research", 100, RouteReason.HOME_QUEUE),
        (1, MEMBER_11, "", 1000, RouteReason.NO_HOME_QUEUE),
        (1, MEMBER_11, "staff-mobility", 1000, RouteReason.NO_HOME_QUEUE),
        (1, MEMBER_20, "", 1000, RouteReason.OTHER_ALLIANCE),
        (1, MEMBER_20, "staff-mobility", 1000, RouteReason.OTHER_ALLIANCE),
        (1, OUTSIDER, "", 1000, RouteReason.NO_HOME_UNIVERSITY),
        (1, OUTSIDER, "staff-mobility", 1000, RouteReason.NO_HOME_UNIVERSITY),
        (2, MEMBER_20, "", 200, RouteReason.HOME_QUEUE),
        (2, MEMBER_20, "staff-mobility", 200, RouteReason.HOME_QUEUE),
        (2, MEMBER_10, "staff-mobility", 2000, RouteReason.OTHER_ALLIANCE),
        (2, OUTSIDER, "", 2000, RouteReason.NO_HOME_UNIVERSITY),
    ],
)
def test_route_sends_members_home_and_everyone_else_to_the_central_office(
    alliance, requester, topic, queue, reason
):
    found = route(RoutingRequest(alliance_id=alliance, topic=topic, **requester), QUEUES)
    assert (found.queue_id, found.reason) == (queue, reason)


@pytest.mark.parametrize(
    ("alliance", "requester", "topic"),
    list(
        itertools.product(
            [1, 2], [MEMBER_10, MEMBER_11, MEMBER_20, OUTSIDER], ["", "staff-mobility", "events"]
        )
    ),
)
def test_route_never_leaves_the_enquiry_s_alliance(alliance, requester, topic):
    found = route(RoutingRequest(alliance_id=alliance, topic=topic, **requester), QUEUES)
    queue = next(q for q in QUEUES if q.id == found.queue_id)
    assert queue.alliance_id == alliance
    assert found.reason.is_local == (queue.university_id is not None)


def test_route_ignores_another_university_s_topic_queue():
    queues = [*QUEUES, QueueOption(201, 2, 21, "research")]
    found = route(RoutingRequest(alliance_id=2, topic="research", **MEMBER_20), queues)
    assert found.queue_id == 200


def test_route_to_central_office_for_member_without_queue_logs_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="enquiries.routing"):
        route(RoutingRequest(alliance_id=1, **MEMBER_11), QUEUES)
    assert "no default queue" in caplog.text


def test_route_fails_when_the_alliance_has_no_central_office():
    with pytest.raises(NoRouteError):
        route(RoutingRequest(alliance_id=3, **OUTSIDER), QUEUES)


def test_route_falls_back_to_central_office_when_home_has_only_topic_queues():
    queues = [QueueOption(300, 3, 30, "research"), QueueOption(3000, 3, None, "")]
    member = {"home_university_id": 30, "home_alliance_id": 3}
    assert route(RoutingRequest(alliance_id=3, topic="research", **member), queues).queue_id == 300
    assert route(RoutingRequest(alliance_id=3, topic="events", **member), queues).queue_id == 3000


def test_every_opportunity_kind_has_a_topic():
    from enquiries.models import Topic
    from enquiries.routing import topic_for_opportunity
    from opportunities.models import Opportunity

    assert {topic_for_opportunity(kind) for kind in Opportunity.Kind.values} <= set(Topic.values)
    assert all(topic_for_opportunity(kind) != "general" for kind in Opportunity.Kind.values)


@pytest.mark.parametrize(
    ("alliance", "requester", "central"),
    [
        (1, MEMBER_10, 1000),
        (1, MEMBER_11, 1000),
        (1, MEMBER_20, 1000),
        (1, OUTSIDER, 1000),
        (2, MEMBER_20, 2000),
        (2, MEMBER_10, 2000),
    ],
)
def test_route_sends_accessibility_feedback_to_the_central_office_even_from_members(
    alliance, requester, central
):
    # Even a university queue for the topic does not keep it: the central office answers for the site.
    queues = [
        *QUEUES,
        QueueOption(102, 1, 10, ACCESSIBILITY_TOPIC),
        QueueOption(201, 2, 20, ACCESSIBILITY_TOPIC),
    ]
    found = route(RoutingRequest(alliance_id=alliance, topic=ACCESSIBILITY_TOPIC, **requester), queues)
    assert (found.queue_id, found.reason) == (central, RouteReason.ACCESSIBILITY)
    assert not found.reason.is_local


def test_route_refuses_accessibility_feedback_rather_than_give_it_to_a_university():
    without_central_office = [q for q in QUEUES if q.id != 1000]
    request = RoutingRequest(alliance_id=1, topic=ACCESSIBILITY_TOPIC, **MEMBER_10)
    with pytest.raises(NoRouteError):
        route(request, without_central_office)


def test_accessibility_topic_is_a_topic_that_no_university_handles():
    from enquiries.models import Topic

    assert ACCESSIBILITY_TOPIC in Topic.values
    assert ACCESSIBILITY_TOPIC not in dict(Topic.university_choices())
