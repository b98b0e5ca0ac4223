"""Enquiries, routed as ``enquiries.routing`` would route them, with references and response dates.

Queues get enquiries in proportion to their university's size (a Zipf-like law: a few busy
queues, many quiet ones); each enquiry comes from someone the routing rule sends to that
queue: a person of its university (about a topic the queue takes), or, for a central
office, someone from outside the alliance. Enquiries are generated oldest first, so that
their primary keys and their reference numbers grow with time, as real submissions' do.
"""

import datetime as dt
import itertools
import random
from array import array
from dataclasses import dataclass, field

from enquiries.models import Enquiry, ReferenceCounter, Topic
from enquiries.routing import RouteReason
from enquiries.working_days import add_working_days

from .institutions import ScaleQueue, World
from .lifecycle import ASSIGNED, draw_answered, status_for_age, timeline
from .opportunities import Catalogue, Listed, zone
from .people import Population
from .threads import Threads
from .words import GENERAL_THINGS, SUBJECTS
from .writer import Stages, Writer

SPAN_DAYS = 730  # enquiries of the last two years
CHUNK = 25_000
STATUSES = ("new", "open", "waiting", "resolved", "closed", "withdrawn")
TOPIC_WEIGHTS = {
    Topic.STUDENT_MOBILITY: 35, Topic.STAFF_MOBILITY: 12, Topic.RESEARCH: 10, Topic.ENGAGEMENT: 8,
    Topic.COURSES: 8, Topic.EVENTS: 5, Topic.GENERAL: 22,
}  # fmt: skip
PRIORITIES, PRIORITY_WEIGHTS = (1, 2, 3), (7, 92, 100)  # cumulative: low 7 %, normal 85 %, high 8 %
# How much of a university's traffic its topic queues take (each), and a central office's share.
TOPIC_QUEUE_SHARE = 0.15
CENTRAL_SHARE = 0.12
# Replies and notes beyond the first exchange go to enquiries in these proportions.
EXTRA_MESSAGES = {"new": 0.1, "open": 1.0, "waiting": 1.5, "resolved": 1.5, "closed": 1.2, "withdrawn": 0.3}
LONG_THREADS_EVERY = 20_000  # one enquiry in so many has a thread of 50 to 60 messages
COLUMNS = (
    "id", "reference", "alliance_id", "year", "number", "requester_id", "requester_university_id",
    "opportunity_id", "topic", "kind", "subject", "queue_id", "route_reason", "assignee_id", "status",
    "priority", "outcome", "created_at", "first_response_due", "first_response_at", "status_changed_at",
    "resolved_at", "closed_at",
)  # fmt: skip


@dataclass
class Plan:
    """What is decided for all enquiries before any is written: when, where, status, thread length."""

    created: array  # POSIX timestamps, ascending
    queues: list[ScaleQueue]
    statuses: bytearray  # index in STATUSES
    answered: bytearray
    messages: array  # thread lengths


@dataclass
class EnquiryCounts:
    enquiries: int = 0
    messages: int = 0
    audit_entries: int = 0
    notifications: int = 0
    busiest_queue: int | None = None
    references: dict[tuple[int, int], int] = field(default_factory=dict)


def generate_enquiries(
    writer: Writer,
    rng: random.Random,
    world: World,
    population: Population,
    catalogue: Catalogue,
    *,
    count: int,
    messages: int,
    notifications: int,
    at: dt.datetime,
    stages: Stages,
) -> EnquiryCounts:
    """Create ``count`` enquiries with ``messages`` messages in all, their audit trails and counters."""
    result = EnquiryCounts()
    if not count:
        return result
    plan = _plan(rng, world, count, messages, at)
    result.busiest_queue = max(world.queues, key=lambda q: q.weight).pk
    chooser = _Chooser(rng, world, population, catalogue)
    threads = Threads(rng, population, at, notifications)
    due_dates: dict[tuple[dt.date, int, str], dt.date] = {}
    pks = writer.pks(Enquiry, count)
    for start in range(0, count, CHUNK):
        rows = []
        for i in range(start, min(start + CHUNK, count)):
            created = dt.datetime.fromtimestamp(plan.created[i], tz=dt.UTC)
            queue = plan.queues[i]
            alliance = world.alliance(queue.alliance_pk)
            requester, home, reason = chooser.requester(queue, plan.created[i])
            topic, listed, kind = chooser.subject_matter(queue, requester, plan.created[i])
            status = STATUSES[plan.statuses[i]]
            life = timeline(rng, status, created, at, answered=bool(plan.answered[i]))
            assignee = None
            if queue.members and (status in ASSIGNED or (status == "withdrawn" and life.answered)):
                assignee = rng.choice(queue.members)
            local = created.astimezone(zone(queue.zone)).date()
            key = (local, queue.target_days, queue.country)
            if key not in due_dates:
                due_dates[key] = add_working_days(local, queue.target_days, queue.country)
            year = created.year
            number = result.references.get((alliance.pk, year), 0) + 1
            result.references[(alliance.pk, year)] = number
            outcome = ""
            if kind == Enquiry.Kind.APPLICATION and status in ("resolved", "closed") and rng.random() < 0.8:
                outcome = rng.choices(Enquiry.Outcome.values, (50, 20, 30))[0]
            subject = _subject(rng, kind, listed)
            priority = rng.choices(PRIORITIES, cum_weights=PRIORITY_WEIGHTS)[0]
            enquiry = (
                pks[i], f"{alliance.code}-{year}-{number:06d}", alliance.pk, year, number, requester, home,
                listed.pk if listed else None, topic, kind, subject, queue.pk, reason.name, assignee, status,
                priority, outcome, created, due_dates[key], life.first_response_at, life.status_changed_at,
                life.resolved_at, life.closed_at,
            )  # fmt: skip
            rows.append(enquiry)
            threads.add(dict(zip(COLUMNS, enquiry, strict=True)), queue, plan.messages[i], reason)
        result.enquiries += writer.write(Enquiry, COLUMNS, rows)
        result.messages += threads.write_messages(writer)
        result.audit_entries += threads.write_audit(writer)
        stages.progress("enquiries", result.enquiries, count)
    result.notifications = threads.write_notifications(writer)
    counter_pks = writer.pks(ReferenceCounter, len(result.references))
    writer.write(
        ReferenceCounter,
        ("id", "alliance_id", "year", "last_number"),
        [
            (pk, a, y, n)
            for pk, ((a, y), n) in zip(counter_pks, sorted(result.references.items()), strict=True)
        ],
    )
    return result


def _plan(rng: random.Random, world: World, count: int, messages: int, at: dt.datetime) -> Plan:
    """Decide when each enquiry was written, its queue, status and thread length (the total is exact)."""
    for queue in world.queues:
        queue.weight = _queue_weight(world, queue)
    cumulative, total = [], 0.0
    for queue in world.queues:
        total += queue.weight
        cumulative.append(total)
    now = at.timestamp()
    created = array("d", sorted(now - SPAN_DAYS * 86400 * rng.random() ** 1.5 for _ in range(count)))
    for i, moment in enumerate(created):
        # Fewer enquiries are written at night (UTC, roughly European night).
        hour = int(moment // 3600) % 24
        if hour < 6 and rng.random() < 0.8 and moment + 8 * 3600 < now:
            created[i] = moment + 8 * 3600
    created = array("d", sorted(created))
    queues = rng.choices(world.queues, cum_weights=cumulative, k=count)
    statuses, answered = bytearray(count), bytearray(count)
    lengths = array("I", bytes(4 * count))
    for i, moment in enumerate(created):
        status = status_for_age(rng, (now - moment) / 86400)
        statuses[i] = STATUSES.index(status)
        answered[i] = draw_answered(rng, status)
        lengths[i] = 1 + answered[i]
    _spread_messages(rng, world, queues, statuses, answered, lengths, messages - sum(lengths))
    return Plan(created, queues, statuses, answered, lengths)


def _queue_weight(world: World, queue: ScaleQueue) -> float:
    if queue.university is None:
        alliance = world.alliance(queue.alliance_pk)
        return CENTRAL_SHARE * sum(u.size for u in alliance.universities)
    topical = len(queue.university.queue_pks) - 1
    share = TOPIC_QUEUE_SHARE if queue.topic else 1 - TOPIC_QUEUE_SHARE * topical
    return queue.university.size * share


def _spread_messages(
    rng: random.Random,
    world: World,
    queues: list[ScaleQueue],
    statuses: bytearray,
    answered: bytearray,
    lengths: array,
    extra: int,
) -> None:
    """Give ``extra`` more messages to the threads (or take replies away if there are too few)."""
    count = len(lengths)
    if extra < 0:
        # Fewer messages than first exchanges: some answered threads lose their reply.
        for i in range(count):
            if extra == 0:
                return
            if lengths[i] == 2:
                lengths[i], extra = 1, extra + 1
        return
    busiest = {q.pk for q in sorted(world.queues, key=lambda q: q.weight, reverse=True)[:3]}
    withdrawn = STATUSES.index("withdrawn")
    candidates = [
        i for i in range(count) if queues[i].pk in busiest and answered[i] and statuses[i] != withdrawn
    ]
    for i in rng.sample(candidates, min(len(candidates), max(1, count // LONG_THREADS_EVERY))):
        length = rng.randint(50, 60)
        if length - lengths[i] > extra:
            break
        extra -= length - lengths[i]
        lengths[i] = length
    # A long tail of longer conversations, capped so that only the planted threads pass 50 messages.
    weights = [EXTRA_MESSAGES[STATUSES[s]] * min(rng.paretovariate(2.5), 12.0) for s in statuses]
    total = sum(weights)
    for i, weight in enumerate(weights):
        lengths[i] += int(extra * weight / total)
    left = extra - sum(int(extra * weight / total) for weight in weights)
    for i in rng.choices(range(count), weights, k=left):
        lengths[i] += 1


class _Chooser:
    """Who writes to a queue, about what: consistent with the routing rule."""

    def __init__(
        self, rng: random.Random, world: World, population: Population, catalogue: Catalogue
    ) -> None:
        self.rng = rng
        self.world = world
        self.population = population
        self.catalogue = catalogue
        self.applied: set[tuple[int, int]] = set()
        self.others = {
            a.pk: [u for u in world.universities if u.alliance_pk != a.pk] for a in world.alliances
        }
        self.topics: dict[int, tuple[list[str], list[int]]] = {}
        for queue in world.queues:
            if queue.topic:
                allowed = [queue.topic]
            elif queue.university is not None:
                taken = {q.topic for q in world.queues if q.university is queue.university and q.topic}
                allowed = [t for t in TOPIC_WEIGHTS if t not in taken]
            else:
                allowed = list(TOPIC_WEIGHTS)
            self.topics[queue.pk] = (allowed, list(itertools.accumulate(TOPIC_WEIGHTS[t] for t in allowed)))

    def requester(self, queue: ScaleQueue, moment: float) -> tuple[int, int | None, RouteReason]:
        """A person whom the routing rule sends to ``queue``, signed up by ``moment``."""
        if queue.university is not None:
            pool = self.population.requesters[queue.university.pk]
            reason = RouteReason.HOME_TOPIC_QUEUE if queue.topic else RouteReason.HOME_QUEUE
            return pool.pick(self.rng, moment), queue.university.pk, reason
        others = self.others[queue.alliance_pk]
        if others and self.rng.random() < 0.4:
            university = self.rng.choice(others)
            pool = self.population.requesters[university.pk]
            return pool.pick(self.rng, moment), university.pk, RouteReason.OTHER_ALLIANCE
        return self.population.outsiders.pick(self.rng, moment), None, RouteReason.NO_HOME_UNIVERSITY

    def subject_matter(
        self, queue: ScaleQueue, requester: int, moment: float
    ) -> tuple[str, Listed | None, str]:
        """Topic, opportunity (or none) and kind of an enquiry to ``queue``."""
        allowed, cumulative = self.topics[queue.pk]
        topic = self.rng.choices(allowed, cum_weights=cumulative)[0]
        Kind = Enquiry.Kind
        if self.rng.random() < 0.65:
            listed = self._opportunity(queue.alliance_pk, topic, moment)
            if listed is not None:
                if (
                    listed.takes_applications
                    and listed.closes >= moment
                    and self.rng.random() < 0.4
                    and (requester, listed.pk) not in self.applied
                ):
                    self.applied.add((requester, listed.pk))
                    return topic, listed, Kind.APPLICATION
                return topic, listed, Kind.INTEREST if self.rng.random() < 0.45 else Kind.QUESTION
        return topic, None, Kind.INTEREST if self.rng.random() < 0.15 else Kind.QUESTION

    def _opportunity(self, alliance_pk: int, topic: str, moment: float) -> Listed | None:
        """An opportunity of the alliance about ``topic`` that was published by ``moment``, if any."""
        listed = self.catalogue.by_topic.get((alliance_pk, topic))
        if not listed:
            return None
        for _ in range(3):
            candidate = self.rng.choice(listed)
            if candidate.published <= moment:
                return candidate
        return None


def _subject(rng: random.Random, kind: str, listed: Listed | None) -> str:
    if kind == Enquiry.Kind.APPLICATION:
        return f"Application: {listed.title}"[:200]
    thing = listed.title if listed else rng.choice(GENERAL_THINGS)
    subject = rng.choice(SUBJECTS).format(thing=thing)
    return (subject[0].upper() + subject[1:])[:200]
