"""Deadline reminders for saved opportunities (docs/notifications.md), part of the reminder pass.

A person who saved an opportunity hears of its application deadline twice: 7 days before
and 1 day before, counted in the host university's time zone (where the deadline is).
Each reminder is a stage with its own window, so a pass that did not run on the exact
day still sends it once: the 7-day stage from 7 days before until the 1-day stage
begins, the 1-day stage from 1 day before until the deadline day ends. Reminders reach
people in their morning: a pass before ``MORNING_HOUR`` in their own time zone (their
home university's, else ``settings.TIME_ZONE``) leaves them for a later pass; the
de-duplication key ``saved:<save>:deadline:<days>`` keeps each one single.

Who has already applied is no business of this app: applications are enquiries, and
opportunities may not import enquiries. The caller (``enquiries.reminders``) passes the
rule as ``skip``, a condition on ``SavedOpportunity`` (e.g. ``Exists`` of an application
by the saver), and the query leaves those saves out.
"""

import datetime as dt
from collections.abc import Iterator
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q, QuerySet
from django.db.models.expressions import BaseExpression
from django.urls import reverse

from accounts.models import User
from notifications.models import Category, Notification
from notifications.services import Notice, notify_all

from .models import Opportunity, SavedOpportunity

MORNING_HOUR = 8
DEADLINE_STAGES = (7, 1)  # days before the deadline, the earlier stage first
BATCH_SIZE = 500


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_time(zone: str | None, at: dt.datetime) -> dt.datetime:
    """``at`` in ``zone`` (a person's or a university's time zone), else in ``settings.TIME_ZONE``."""
    return at.astimezone(_zone(zone or settings.TIME_ZONE))


def in_morning(zone: str | None, at: dt.datetime) -> bool:
    """Whether it is ``MORNING_HOUR`` or later in ``zone`` at ``at``: person-facing reminders may go."""
    return local_time(zone, at).hour >= MORNING_HOUR


def deadline_stage(days_left: int) -> int | None:
    """The reminder stage due with ``days_left`` days to the deadline (0: the deadline is today)."""
    due = [days for days in DEADLINE_STAGES if 0 <= days_left <= days]
    return min(due) if due else None


def existing_keys(keys: list[str]) -> set[str]:
    """Those of ``keys`` already used by a notification (one query on the unique index)."""
    if not keys:
        return set()
    return set(Notification.objects.filter(dedup_key__in=keys).values_list("dedup_key", flat=True))


def _saves_closing_soon(at: dt.datetime, skip: Q | BaseExpression | None) -> Iterator[list[dict]]:
    """Saves, by active people, of published opportunities whose deadline ends within the longest stage.

    Read in batches by keyset on the save's key; the opportunities come from the index on
    ``(status, deadline_ends_at)`` and their saves from the index on ``opportunity``.
    """
    horizon = at + dt.timedelta(days=max(DEADLINE_STAGES) + 1)
    saves: QuerySet[SavedOpportunity] = SavedOpportunity.objects.filter(
        opportunity__status=Opportunity.Status.PUBLISHED,
        opportunity__rolling_applications=False,
        opportunity__deadline_ends_at__gte=at,
        opportunity__deadline_ends_at__lt=horizon,
        user__is_active=True,
    )
    if skip is not None:
        saves = saves.exclude(skip)
    last = 0
    while True:
        batch = list(
            saves.filter(pk__gt=last)
            .order_by("pk")
            .values(
                "pk",
                "user_id",
                "user__home_university__time_zone",
                "opportunity_id",
                "opportunity__slug",
                "opportunity__title",
                "opportunity__application_deadline",
                "opportunity__host_university__time_zone",
            )[:BATCH_SIZE]
        )
        if not batch:
            return
        yield batch
        last = batch[-1]["pk"]


def saved_deadline_reminders(at: dt.datetime, *, skip: Q | BaseExpression | None = None) -> dict[int, int]:
    """Send the deadline reminders due at ``at``; return how many were sent per stage (7, 1).

    ``skip`` is a condition on ``SavedOpportunity`` for saves that get no reminder (the
    saver has already applied).
    """
    sent = dict.fromkeys(DEADLINE_STAGES, 0)
    for batch in _saves_closing_soon(at, skip):
        due: list[tuple[dict, int, int]] = []
        for row in batch:
            if not in_morning(row["user__home_university__time_zone"], at):
                continue
            host_today = local_time(row["opportunity__host_university__time_zone"], at).date()
            days_left = (row["opportunity__application_deadline"] - host_today).days
            stage = deadline_stage(days_left)
            if stage is not None:
                due.append((row, stage, days_left))
        done = existing_keys([f"saved:{row['pk']}:deadline:{stage}" for row, stage, _ in due])
        due = [item for item in due if f"saved:{item[0]['pk']}:deadline:{item[1]}" not in done]
        people = User.objects.in_bulk([row["user_id"] for row, _, _ in due])
        for stage in DEADLINE_STAGES:
            sent[stage] += notify_all(
                Notice(
                    recipient=people[row["user_id"]],
                    category=Category.DEADLINE_REMINDERS,
                    event="opportunity.deadline_reminder",
                    dedup_key=f"saved:{row['pk']}:deadline:{stage}",
                    template="opportunities/email/deadline_reminder",
                    context={
                        "opportunity": {
                            "pk": row["opportunity_id"],
                            "slug": row["opportunity__slug"],
                            "title": row["opportunity__title"],
                        },
                        "deadline": row["opportunity__application_deadline"],
                        "days_left": days_left,
                    },
                    link=reverse("opportunities:detail", args=[row["opportunity__slug"]]),
                    object_key=f"opportunity:{row['opportunity_id']}",
                )
                for row, row_stage, days_left in due
                if row_stage == stage
            )
    return sent
