"""The life of a generated enquiry: its status for its age, and timestamps that agree with it.

Shared by ``seed_scale`` and the reminder benchmark (``bench/reminders.py``), so that both
generate enquiries the same way. Timestamps follow what the services would have written:
``first_response_at`` is the first staff answer, ``status_changed_at`` the last status
change, ``resolved_at`` and ``closed_at`` as in ``enquiries.services.workflow``; all lie
between ``created`` and ``at``.

``backlog`` says how long the hourly reminder pass has not run before ``at``. With none (the
default: a steady state) nothing is older than the pass allows: resolved enquiries were
resolved less than 7 days ago and waiting ones have waited less than 14 days, as the pass
closes them after that. A backlog leaves older ones for the pass to catch up with, which
is what a benchmark of the pass wants.
"""

import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass

# Status by age of the enquiry in days (upper bound, exclusive): young ones are mostly new or
# open, old ones closed. A few stragglers stay open for ever, as in real queues.
STATUS_WEIGHTS: dict[float, dict[str, int]] = {
    5: {"new": 50, "open": 30, "waiting": 15, "resolved": 5},
    20: {"new": 5, "open": 25, "waiting": 15, "resolved": 25, "closed": 30},
    60: {"new": 1, "open": 5, "waiting": 2, "resolved": 5, "closed": 82, "withdrawn": 5},
    math.inf: {"new": 0.05, "open": 0.3, "closed": 93.65, "withdrawn": 6},
}
ASSIGNED = frozenset({"open", "waiting", "resolved", "closed"})
RESOLVED_CLOSES_AFTER = dt.timedelta(days=7)
WAITING_CLOSES_AFTER = dt.timedelta(days=14)
_CUMULATIVE = [
    (limit, list(w), list(itertools.accumulate(w.values()))) for limit, w in STATUS_WEIGHTS.items()
]


def status_for_age(rng: random.Random, age_days: float) -> str:
    """Draw the status of an enquiry ``age_days`` old."""
    statuses, cumulative = next((s, c) for limit, s, c in _CUMULATIVE if age_days < limit)
    return rng.choices(statuses, cum_weights=cumulative)[0]


@dataclass(frozen=True, slots=True)
class Timeline:
    status: str
    first_response_at: dt.datetime | None
    status_changed_at: dt.datetime
    resolved_at: dt.datetime | None
    closed_at: dt.datetime | None

    @property
    def answered(self) -> bool:
        return self.first_response_at is not None


def _between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    if end <= start:
        return start
    return start + (end - start) * rng.random()


def _first_answer(rng: random.Random, created: dt.datetime, latest: dt.datetime) -> dt.datetime:
    """A first answer after a day or so (median 20 hours, a long tail), never after ``latest``."""
    delay = dt.timedelta(hours=rng.lognormvariate(3.0, 1.0))
    if created + delay <= latest:
        return created + delay
    return _between(rng, created, latest)


def draw_answered(rng: random.Random, status: str) -> bool:
    """Whether an enquiry of ``status`` has had a first answer: always once past ``open``, often when open."""
    if status == "open":
        return rng.random() < 0.8
    if status == "withdrawn":
        return rng.random() < 0.4
    return status in ("waiting", "resolved", "closed")


def timeline(
    rng: random.Random,
    status: str,
    created: dt.datetime,
    at: dt.datetime,
    *,
    answered: bool | None = None,
    backlog: dt.timedelta = dt.timedelta(0),
) -> Timeline:
    """Return timestamps for an enquiry created at ``created`` that is ``status`` at ``at``.

    ``answered`` matters for open and withdrawn enquiries only (the others are answered, or
    new); by default it is drawn with ``draw_answered``.
    """
    if answered is None:
        answered = draw_answered(rng, status)
    first = None
    resolved = closed = None
    if status == "new":
        changed = created
    elif status == "open":
        first = _first_answer(rng, created, at) if answered else None
        changed = first or _between(rng, created, at)
    elif status == "waiting":
        # Staff asked something less than 14 days (plus backlog) ago.
        first = _first_answer(rng, created, at)
        changed = _between(rng, max(first, at - WAITING_CLOSES_AFTER - backlog), at)
    elif status == "resolved":
        first = _first_answer(rng, created, at)
        changed = resolved = _between(rng, max(first, at - RESOLVED_CLOSES_AFTER - backlog), at)
    elif status == "closed":
        first = _first_answer(rng, created, at)
        if at - first > RESOLVED_CLOSES_AFTER and rng.random() < 0.9:
            # Resolved, then closed: by the reminder pass 7 days later, or earlier by staff.
            resolved = _between(rng, first, min(first + dt.timedelta(days=10), at - RESOLVED_CLOSES_AFTER))
            after = RESOLVED_CLOSES_AFTER if rng.random() < 0.7 else RESOLVED_CLOSES_AFTER * rng.random()
            changed = closed = resolved + after
        else:
            changed = closed = _between(rng, first, at)
    else:  # withdrawn, within a few days
        changed = closed = _between(rng, created, min(created + dt.timedelta(days=10), at))
        first = _first_answer(rng, created, changed) if answered else None
    return Timeline(status, first, changed, resolved, closed)
