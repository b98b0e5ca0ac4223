"""The reminder pass (docs/notifications.md): reminders, escalations and automatic closures, once each.

``run_reminders(at)`` runs every stage for the moment ``at``, then the daily digests. Celery
beat calls it hourly (``enquiries.tasks.reminders``) and ``manage.py send_reminders [--at]``
runs the same code synchronously. Decisions depend on ``at`` only, never on the clock, so a
pass can be replayed for any moment; and every notification carries a de-duplication key,
so running a pass again (or two at once) sends nothing twice.

Stages, in order:

- **First-response target near**: an enquiry that is new or open, without a first answer,
  whose ``first_response_due`` is today or the next working day of the handling
  university's country (the queue's university; for a central office, the alliance's
  coordinating university), dates taken in that university's time zone. Friday is "near"
  for a Monday target, and so is the Thursday before a Friday holiday.
  → the assignee, else the queue's members. Key ``enquiry:<pk>:first-response:near``.
- **First-response target passed**: the same enquiries once ``first_response_due`` is
  before the local date. → the same people. Key ``enquiry:<pk>:first-response:passed``.
- **Escalation**: still unanswered ``ESCALATION_WORKING_DAYS`` (setting, default 2)
  working days after the target. → every central-office person of the alliance
  (``accounts.Role``). Key ``enquiry:<pk>:escalated``.
- **Waiting nudge**: ``waiting`` for 5 days (``status_changed_at <= at - 5 days``, and not
  yet old enough to be closed). → the requester. Key
  ``enquiry:<pk>:waiting:<date of status_changed_at>:nudge``, so a later waiting period
  gets its own nudge.
- **Waiting closure**: ``waiting`` for 14 days → closed through ``enquiry_transition(by=None)``
  (an audit entry without actor), with a notice to the requester, keyed with the same
  stamp (``...:closed``).
- **Resolved closure**: ``resolved`` for 7 days → closed the same way, with a notice
  (``enquiry:<pk>:resolved:<date>:closed``).
- **Saved-opportunity deadlines** (``opportunities.reminders``): 7 days and 1 day before
  the application deadline, unless the saver has applied. The "has applied" rule (an
  application by the saver for that opportunity, not withdrawn) is built here, where
  enquiries may be imported, and handed to the opportunities app as an ``Exists``
  condition: the dependency direction stays institutions ← accounts ← notifications ←
  opportunities ← enquiries, and the exclusion is still one SQL query.
- **Daily queue summary**: for queue members who chose "digest" or "immediate" for
  ``QUEUE_SUMMARY`` ("in-app only", the default, means no summary: the work queue shows
  the same, live). The summary is itself the once-a-day bundle, so both choices get it as
  an e-mail of its own: folding it into the digest would only deliver it a day late. One
  per person and local day (key ``queue-summary:<user>:<local date>``), with counts and the
  first few of the new, overdue and waiting enquiries of each queue they are a member of.

Time of day: what reaches a person about their own affairs (nudges, closure notices,
deadline reminders, summaries) goes out only once it is ``MORNING_HOUR`` (08:00) or later
in their time zone (home university's, else ``settings.TIME_ZONE``); an earlier pass
leaves it for a later one the same day. Reminders to the handling staff follow the
handling university's working calendar and go out in the first pass of the local day.

When several people receive one stage, the first (the assignee, or the lowest id) carries
the stage's key and the others ``<key>:to:<user>``; the stage counts as done once its key
exists, so it is checked for a whole batch in one query on the unique index, and a member
who joins later or a new assignee does not receive the same reminder again.

Memory stays bounded and queries few: candidates are read in batches of ``BATCH_SIZE`` rows
(only the columns needed) by keyset on indexed columns: for the first-response stages, the
queues that share a local date and a country (and so the same target dates) are read
together on ``(queue, status, first_response_due)``; ``(status, status_changed_at)`` for
waiting and resolved, ``(status, deadline_ends_at)`` for opportunities. Each batch's
notifications are written together (``notifications.services.notify_all``: the keys taken,
the recipients' choices and one insert, whatever their number).
"""

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from institutions.models import University
from notifications.models import Category, Delivery, Preference
from notifications.services import Notice, digests_send, notify, notify_all
from opportunities.reminders import (
    BATCH_SIZE,
    DEADLINE_STAGES,
    existing_keys,
    in_morning,
    local_time,
    saved_deadline_reminders,
)

from .models import Enquiry, Queue, QueueMembership
from .services import enquiry_transition
from .working_days import add_working_days, latest_start

T = TypeVar("T")

logger = logging.getLogger(__name__)
Status = Enquiry.Status

WAITING_NUDGE_AFTER = dt.timedelta(days=5)
WAITING_CLOSE_AFTER = dt.timedelta(days=14)
RESOLVED_CLOSE_AFTER = dt.timedelta(days=7)
SUMMARY_LIST_LIMIT = 10
UNANSWERED = (Status.NEW, Status.OPEN)
HANDLER_FIELDS = ("pk", "reference", "subject", "first_response_due", "assignee_id", "requester_id")
REQUESTER_FIELDS = (
    "pk",
    "reference",
    "subject",
    "status_changed_at",
    "requester_id",
    "requester__home_university__time_zone",
)


@dataclass(frozen=True)
class QueueClock:
    """A queue with the calendar it answers by: time zone and country of its handling university."""

    pk: int
    name: str
    alliance_id: int
    zone: str
    country: str
    today: dt.date


def queue_clocks(at: dt.datetime) -> list[QueueClock]:
    """Every queue with its local date at ``at`` (as ``services.submission.first_response_due``)."""
    coordinating: dict[int, tuple[str, str]] = {}  # alliance: its coordinating university's zone and country
    for alliance_id, time_zone, country in (
        University.objects.filter(is_coordinating=True)
        .order_by("name")
        .values_list("alliance_id", "time_zone", "country")
    ):
        coordinating.setdefault(alliance_id, (time_zone, country))
    clocks = []
    for queue in Queue.objects.order_by("pk").values(
        "pk", "name", "alliance_id", "university_id", "university__time_zone", "university__country"
    ):
        if queue["university_id"] is not None:
            zone, country = queue["university__time_zone"], queue["university__country"]
        else:
            zone, country = coordinating.get(queue["alliance_id"], (settings.TIME_ZONE, ""))
        clocks.append(
            QueueClock(
                pk=queue["pk"],
                name=queue["name"],
                alliance_id=queue["alliance_id"],
                zone=zone,
                country=str(country or ""),
                today=local_time(zone, at).date(),
            )
        )
    return clocks


def _batches(rows: QuerySet, order: str) -> Iterator[list[dict]]:
    """Yield the rows of a ``values()`` query in batches, walking ``(order, pk)`` by keyset.

    Each batch is one range query on the index that leads with ``order``; rows that leave
    the query's condition meanwhile (closed enquiries) are simply not seen again.
    """
    last: dict | None = None
    while True:
        page = rows
        if last is not None:
            page = page.filter(
                Q(**{f"{order}__gt": last[order]}) | Q(**{order: last[order], "pk__gt": last["pk"]})
            )
        batch = list(page.order_by(order, "pk")[:BATCH_SIZE])
        if not batch:
            return
        yield batch
        last = batch[-1]


def _notices(
    people: Iterable[User],
    key: str,
    *,
    category: str,
    event: str,
    context: Mapping,
    link: str,
    object_key: str,
) -> list[Notice]:
    """One stage for ``people``: the first carries ``key``, the others ``key:to:<pk>``."""
    return [
        Notice(
            recipient=person,
            category=category,
            event=f"enquiry.{event}",
            dedup_key=key if index == 0 else f"{key}:to:{person.pk}",
            template=f"enquiries/email/{event}",
            context=context,
            link=link,
            object_key=object_key,
        )
        for index, person in enumerate(people)
    ]


@dataclass
class _People:
    """Active queue members and central offices, looked up once per pass."""

    members: dict[int, list[User]] = field(default_factory=dict)
    offices: dict[int, list[User]] = field(default_factory=dict)

    def load_queues(self, queue_ids: Iterable[int]) -> None:
        """Read the members of every queue of ``queue_ids`` not read yet, in one query."""
        missing = [pk for pk in queue_ids if pk not in self.members]
        if not missing:
            return
        for pk in missing:
            self.members[pk] = []
        for membership in (
            QueueMembership.objects.filter(queue_id__in=missing, user__is_active=True)
            .select_related("user")
            .order_by("user_id")
        ):
            self.members[membership.queue_id].append(membership.user)

    def of_queue(self, queue_id: int) -> list[User]:
        self.load_queues([queue_id])
        return self.members[queue_id]

    def of_office(self, alliance_id: int) -> list[User]:
        if alliance_id not in self.offices:
            self.offices[alliance_id] = list(
                User.objects.filter(
                    roles__kind=Role.Kind.CENTRAL_OFFICE, roles__alliance_id=alliance_id, is_active=True
                )
                .distinct()
                .order_by("pk")
            )
        return self.offices[alliance_id]


Recipients = Callable[[dict, QueueClock, dict[int, User]], list[User]]


def _same_calendar(clocks: Iterable[QueueClock]) -> dict[tuple[dt.date, str], list[QueueClock]]:
    """The queues by local date and country: each group has the same first-response dates."""
    groups: dict[tuple[dt.date, str], list[QueueClock]] = {}
    for clock in clocks:
        groups.setdefault((clock.today, clock.country), []).append(clock)
    return groups


def _remind_handlers(
    clocks: list[QueueClock], due: Q, *, stage: str, event: str, recipients: Recipients
) -> int:
    """Send one first-response stage for the unanswered enquiries of ``clocks``' queues matching ``due``."""
    sent = 0
    of_queue = {clock.pk: clock for clock in clocks}
    rows = (
        Enquiry.objects.filter(
            queue_id__in=list(of_queue), status__in=UNANSWERED, first_response_at__isnull=True
        )
        .filter(due)
        .values(*HANDLER_FIELDS, "queue_id")
    )
    for batch in _batches(rows, "first_response_due"):
        keys = {row["pk"]: f"enquiry:{row['pk']}:{stage}" for row in batch}
        done = existing_keys(list(keys.values()))
        todo = [row for row in batch if keys[row["pk"]] not in done]
        assignees = User.objects.filter(
            pk__in={row["assignee_id"] for row in todo if row["assignee_id"]}, is_active=True
        ).in_bulk()
        notices = []
        for row in todo:
            clock = of_queue[row["queue_id"]]
            people = [p for p in recipients(row, clock, assignees) if p.pk != row["requester_id"]]
            notices += _notices(
                people,
                keys[row["pk"]],
                category=Category.RESPONSE_REMINDERS,
                event=event,
                context={"enquiry": row, "queue": clock.name, "due": row["first_response_due"]},
                link=reverse("enquiries:detail", args=[row["reference"]]),
                object_key=f"enquiry:{row['pk']}",
            )
        sent += notify_all(notices)
    return sent


def _handlers(people: _People, clocks: list[QueueClock]) -> Recipients:
    """The assignee, else every member of the queue."""
    people.load_queues(clock.pk for clock in clocks)

    def recipients(row: dict, clock: QueueClock, assignees: dict[int, User]) -> list[User]:
        assignee = assignees.get(row["assignee_id"])
        return [assignee] if assignee is not None else people.of_queue(clock.pk)

    return recipients


def first_response_near(at: dt.datetime) -> int:
    """Remind the handlers of enquiries whose first-response target is today or the next working day."""
    sent, people = 0, _People()
    for (today, country), clocks in _same_calendar(queue_clocks(at)).items():
        soon = add_working_days(today, 1, country)
        sent += _remind_handlers(
            clocks,
            Q(first_response_due__gte=today, first_response_due__lte=soon),
            stage="first-response:near",
            event="reminder_near",
            recipients=_handlers(people, clocks),
        )
    return sent


def first_response_passed(at: dt.datetime) -> int:
    """Remind the handlers of enquiries whose first-response target has passed."""
    sent, people = 0, _People()
    for (today, _country), clocks in _same_calendar(queue_clocks(at)).items():
        sent += _remind_handlers(
            clocks,
            Q(first_response_due__lt=today),
            stage="first-response:passed",
            event="reminder_passed",
            recipients=_handlers(people, clocks),
        )
    return sent


def first_response_escalations(at: dt.datetime) -> int:
    """Tell the central office of enquiries unanswered ESCALATION_WORKING_DAYS after their target."""
    sent, people = 0, _People()
    for (today, country), clocks in _same_calendar(queue_clocks(at)).items():
        cutoff = latest_start(today, settings.ESCALATION_WORKING_DAYS, country)
        sent += _remind_handlers(
            clocks,
            Q(first_response_due__lte=cutoff),
            stage="escalated",
            event="reminder_escalated",
            recipients=lambda row, clock, assignees: people.of_office(clock.alliance_id),
        )
    return sent


def _stamp(changed_at: dt.datetime) -> str:
    return changed_at.astimezone(dt.UTC).date().isoformat()


def waiting_nudges(at: dt.datetime) -> int:
    """Nudge requesters whose enquiry has waited for their answer for 5 days."""
    rows = Enquiry.objects.filter(
        status=Status.WAITING,
        status_changed_at__lte=at - WAITING_NUDGE_AFTER,
        status_changed_at__gt=at - WAITING_CLOSE_AFTER,
        requester__is_active=True,
    ).values(*REQUESTER_FIELDS)
    sent = 0
    for batch in _batches(rows, "status_changed_at"):
        ready = [row for row in batch if in_morning(row["requester__home_university__time_zone"], at)]
        keys = {
            row["pk"]: f"enquiry:{row['pk']}:waiting:{_stamp(row['status_changed_at'])}:nudge"
            for row in ready
        }
        done = existing_keys(list(keys.values()))
        todo = [row for row in ready if keys[row["pk"]] not in done]
        requesters = User.objects.in_bulk([row["requester_id"] for row in todo])
        notices = []
        for row in todo:
            zone = row["requester__home_university__time_zone"]
            closes_on = (local_time(zone, row["status_changed_at"]) + WAITING_CLOSE_AFTER).date()
            notices += _notices(
                [requesters[row["requester_id"]]],
                keys[row["pk"]],
                category=Category.MY_ENQUIRIES,
                event="reminder_waiting",
                context={"enquiry": row, "closes_on": closes_on},
                link=reverse("enquiries:detail", args=[row["reference"]]),
                object_key=f"enquiry:{row['pk']}",
            )
        sent += notify_all(notices)
    return sent


def _close_after(at: dt.datetime, status: str, age: dt.timedelta, *, stage: str, event: str) -> int:
    """Close the enquiries that have been ``status`` for ``age``, in their requester's morning."""
    rows = Enquiry.objects.filter(status=status, status_changed_at__lte=at - age).values(*REQUESTER_FIELDS)
    closed = 0
    for batch in _batches(rows, "status_changed_at"):
        for row in batch:
            if not in_morning(row["requester__home_university__time_zone"], at):
                continue
            with transaction.atomic():
                # Re-read under lock: a reply since the batch was read keeps the enquiry open.
                enquiry = (
                    Enquiry.objects.select_for_update(of=("self",))
                    .filter(pk=row["pk"], status=status, status_changed_at=row["status_changed_at"])
                    .first()
                )
                if enquiry is None:
                    continue
                enquiry = enquiry_transition(enquiry=enquiry, to=Status.CLOSED, by=None)
                requester = enquiry.requester
                if requester is not None:
                    notify(
                        recipient=requester,
                        category=Category.MY_ENQUIRIES,
                        event=f"enquiry.{event}",
                        dedup_key=f"enquiry:{row['pk']}:{stage}:{_stamp(row['status_changed_at'])}:closed",
                        template=f"enquiries/email/{event}",
                        context={"enquiry": enquiry, "since": row["status_changed_at"]},
                        link=enquiry.get_absolute_url(),
                        object_key=f"enquiry:{row['pk']}",
                    )
            closed += 1
    return closed


def waiting_closures(at: dt.datetime) -> int:
    """Close enquiries that have waited 14 days for their requester, and tell the requester."""
    return _close_after(
        at, Status.WAITING, WAITING_CLOSE_AFTER, stage="waiting", event="reminder_waiting_closed"
    )


def resolved_closures(at: dt.datetime) -> int:
    """Close enquiries resolved 7 days ago (the reopening window is over), and tell the requester."""
    return _close_after(
        at, Status.RESOLVED, RESOLVED_CLOSE_AFTER, stage="resolved", event="reminder_resolved_closed"
    )


def deadline_reminders(at: dt.datetime) -> dict[int, int]:
    """Saved-opportunity deadline reminders, leaving out savers who have applied (not withdrawn)."""
    applied = Enquiry.objects.filter(
        kind=Enquiry.Kind.APPLICATION,
        requester_id=OuterRef("user_id"),
        opportunity_id=OuterRef("opportunity_id"),
    ).exclude(status=Status.WITHDRAWN)
    return saved_deadline_reminders(at, skip=Exists(applied))


@dataclass(frozen=True)
class QueueSummary:
    """What one queue's summary shows: counts, and the first few of each list."""

    name: str
    new_count: int
    new: list[dict]
    overdue_count: int
    overdue: list[dict]
    waiting_count: int
    waiting: list[dict]

    @property
    def mentions(self) -> list[str]:
        """The enquiries the summary lists (by subject), for the notification's record."""
        return [f"enquiry:{row['pk']}" for row in (*self.new, *self.overdue, *self.waiting)]


def queue_summary(clock: QueueClock) -> QueueSummary:
    enquiries = Enquiry.objects.filter(queue_id=clock.pk)
    new = enquiries.filter(status=Status.NEW)
    overdue = enquiries.filter(
        status__in=UNANSWERED, first_response_at__isnull=True, first_response_due__lt=clock.today
    )
    waiting = enquiries.filter(status=Status.WAITING)
    fields = ("pk", "reference", "subject", "first_response_due", "status_changed_at")
    return QueueSummary(
        name=clock.name,
        new_count=new.count(),
        new=list(new.order_by("first_response_due", "pk").values(*fields)[:SUMMARY_LIST_LIMIT]),
        overdue_count=overdue.count(),
        overdue=list(overdue.order_by("first_response_due", "pk").values(*fields)[:SUMMARY_LIST_LIMIT]),
        waiting_count=waiting.count(),
        waiting=list(waiting.order_by("status_changed_at", "pk").values(*fields)[:SUMMARY_LIST_LIMIT]),
    )


def queue_summaries(at: dt.datetime) -> int:
    """Send the daily summary to queue members who chose it ("digest" or "immediate"), in their morning."""
    clocks = {clock.pk: clock for clock in queue_clocks(at)}
    summaries: dict[int, QueueSummary] = {}
    chosen = Preference.objects.filter(
        category=Category.QUEUE_SUMMARY, delivery__in=[Delivery.DIGEST, Delivery.IMMEDIATE]
    ).values("user_id")
    people = User.objects.filter(pk__in=chosen, is_active=True, queue_memberships__isnull=False).distinct()
    sent, last = 0, 0
    while True:
        batch = list(people.filter(pk__gt=last).select_related("home_university").order_by("pk")[:BATCH_SIZE])
        if not batch:
            return sent
        last = batch[-1].pk
        zone = {p.pk: p.home_university.time_zone if p.home_university is not None else None for p in batch}
        ready = [p for p in batch if in_morning(zone[p.pk], at)]
        day = {p.pk: local_time(zone[p.pk], at).date() for p in ready}
        keys = {p.pk: f"queue-summary:{p.pk}:{day[p.pk].isoformat()}" for p in ready}
        done = existing_keys(list(keys.values()))
        todo = [p for p in ready if keys[p.pk] not in done]
        queues: dict[int, list[int]] = {}
        for user_id, queue_id in (
            QueueMembership.objects.filter(user_id__in=[p.pk for p in todo])
            .order_by("queue_id")
            .values_list("user_id", "queue_id")
        ):
            queues.setdefault(user_id, []).append(queue_id)
        for person in todo:
            mine = []
            for queue_id in queues.get(person.pk, []):
                if queue_id not in summaries:
                    summaries[queue_id] = queue_summary(clocks[queue_id])
                mine.append(summaries[queue_id])
            notify(
                recipient=person,
                category=Category.QUEUE_SUMMARY,
                event="enquiry.reminder_queue_summary",
                dedup_key=keys[person.pk],
                template="enquiries/email/reminder_queue_summary",
                context={
                    "queues": mine,
                    "day": day[person.pk],
                    "new_count": sum(s.new_count for s in mine),
                    "overdue_count": sum(s.overdue_count for s in mine),
                    "waiting_count": sum(s.waiting_count for s in mine),
                },
                link=reverse("queue:index"),
                # The summary is already once a day: e-mailed on its own, not held for tomorrow's digest.
                force_email=True,
                mentions=[key for summary in mine for key in summary.mentions],
            )
            sent += 1


STAGES: tuple[tuple[str, Callable[[dt.datetime], int]], ...] = (
    ("first-response-near", first_response_near),
    ("first-response-passed", first_response_passed),
    ("escalated", first_response_escalations),
    ("waiting-nudge", waiting_nudges),
    ("waiting-closed", waiting_closures),
    ("resolved-closed", resolved_closures),
)


def run_reminders(at: dt.datetime) -> dict[str, int]:
    """Run every stage for the moment ``at``, then the digests; return what each stage sent or closed.

    A stage that fails is logged and the others still run; the failures are raised together
    at the end, so Celery and the command report them.
    """
    if timezone.is_naive(at):
        raise ValueError("run_reminders needs an aware datetime.")
    counts: dict[str, int] = {}
    errors: list[Exception] = []

    def run(name: str, stage: Callable[[], T]) -> T | None:
        try:
            return stage()
        except Exception as error:
            logger.exception("Reminder stage %s failed at %s.", name, at.isoformat())
            errors.append(error)
            return None

    for name, stage in STAGES:
        counts[name] = run(name, partial(stage, at)) or 0
    deadlines = run("deadline", lambda: deadline_reminders(at)) or {}
    for days in DEADLINE_STAGES:
        counts[f"deadline-{days}"] = deadlines.get(days, 0)
    counts["queue-summary"] = run("queue-summary", lambda: queue_summaries(at)) or 0
    counts["digests"] = run("digests", lambda: digests_send(at=at)) or 0
    if errors:
        raise ExceptionGroup("Some reminder stages failed.", errors)
    return counts
