"""Benchmark of the reminder pass: N enquiries, one ``run_reminders(at)``, time and peak memory.

    DJANGO_SETTINGS_MODULE=mobility.settings .venv/bin/python bench/reminders.py --count 100000

By default the data goes into a scratch database of its own, created and migrated with
Django's test-database machinery next to the database of ``DATABASE_URL`` (named
``<name>_reminders_bench``; a temporary file on SQLite) and dropped at the end; the script
refuses to replace a scratch database that already exists unless ``--force``.
``--use-current-database`` works in the configured database itself, inside a transaction
that is rolled back, and refuses a database that already holds enquiries unless
``--force``. Either way, point ``DATABASE_URL`` at a throwaway PostgreSQL database, e.g.
``createdb mobility_bench`` and ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/mobility_bench``.

The e-mail hand-over to Celery is replaced by a no-op (the outbox rows are still written),
and query logging is off as in production. See README, Benchmarks.
"""

import argparse
import datetime as dt
import itertools
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_AT = "2026-05-06T09:00:00+02:00"  # a Wednesday morning in Paris
CHUNK = 5000
COUNTRIES = [
    ("FR", "Europe/Paris"),
    ("DE", "Europe/Berlin"),
    ("IT", "Europe/Rome"),
    ("PT", "Europe/Lisbon"),
    ("FI", "Europe/Helsinki"),
    ("AT", "Europe/Vienna"),
]
# The enquiries span 60 days during which the pass has not run, so that it has every stage to do.
SPAN = dt.timedelta(days=60)


class Refused(Exception):
    pass


def _django() -> None:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mobility.settings")
    from django.apps import apps

    if not apps.ready:
        import django

        django.setup()


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark the reminder pass (see README, Benchmarks).")
    parser.add_argument("--count", type=int, default=100_000, help="how many enquiries (default 100000)")
    parser.add_argument(
        "--at", default=DEFAULT_AT, help=f"moment of the pass, ISO 8601 (default {DEFAULT_AT})"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed of the generated data")
    parser.add_argument(
        "--no-tracemalloc",
        action="store_true",
        help="time the pass without tracemalloc, which slows Python code down about twofold",
    )
    parser.add_argument(
        "--use-current-database",
        action="store_true",
        help="work in the configured database (rolled back) instead of a scratch database",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an existing scratch database / ignore existing enquiries",
    )
    return parser.parse_args(argv)


def populate(count: int, at: dt.datetime, seed: int) -> dict[str, int]:
    """Create an alliance: universities, queues, staff, requesters, opportunities, ``count`` enquiries."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import Role, User
    from demo.scale.lifecycle import ASSIGNED, status_for_age, timeline
    from enquiries.models import Enquiry, Queue, QueueMembership
    from enquiries.working_days import add_working_days
    from institutions.models import Alliance, University
    from notifications.models import Category, Delivery, Preference
    from opportunities.models import Opportunity, SavedOpportunity
    from opportunities.services import deadline_end

    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    password = make_password(None)
    alliance = Alliance.objects.create(name="Benchmark alliance", code="BENCH", slug="bench")
    universities = University.objects.bulk_create(
        University(
            alliance=alliance, name=f"University {code}", short_name=code, slug=f"bench-{code.lower()}",
            city="City", country=code, time_zone=zone, is_coordinating=index == 0,
        )
        for index, (code, zone) in enumerate(COUNTRIES)
    )  # fmt: skip
    queues = [Queue.objects.create(alliance=alliance, name="Central office")]
    queues += [
        Queue.objects.create(alliance=alliance, university=u, name=f"{u.short_name} queue")
        for u in universities
    ]
    staff: dict[int, list[int]] = {}
    for queue in queues:
        people = User.objects.bulk_create(
            User(
                email=f"staff{n}@q{queue.pk}.bench.example",
                password=password,
                home_university=queue.university,
            )
            for n in range(3)
        )
        QueueMembership.objects.bulk_create(QueueMembership(queue=queue, user=p) for p in people)
        Preference.objects.create(user=people[0], category=Category.QUEUE_SUMMARY, delivery=Delivery.DIGEST)
        staff[queue.pk] = [p.pk for p in people]
    office = User.objects.bulk_create(
        User(email=f"office{n}@bench.example", password=password, home_university=universities[0])
        for n in range(2)
    )
    Role.objects.bulk_create(Role(user=u, kind=Role.Kind.CENTRAL_OFFICE, alliance=alliance) for u in office)
    requester_count = max(10, min(count // 20, 5000))
    requesters = []
    for start in range(0, requester_count, CHUNK):
        requesters += [
            (u.pk, u.home_university_id)
            for u in User.objects.bulk_create(
                User(
                    email=f"person{n}@bench.example", password=password,
                    home_university=universities[n % len(universities)],
                )
                for n in range(start, min(start + CHUNK, requester_count))
            )
        ]  # fmt: skip
    queue_of = {q.university_id: q for q in queues if q.university_id}
    today = at.date()
    opportunities = []
    for n in range(20):
        host = universities[n % len(universities)]
        deadline = today + dt.timedelta(days=n % 10)
        opportunity = Opportunity(
            alliance=alliance, host_university=host, title=f"Opportunity {n}", slug=f"bench-{n}",
            summary="Summary.", description="Description.", kind=Opportunity.Kind.SUMMER_SCHOOL,
            format=Opportunity.Format.ON_SITE, application_deadline=deadline,
            start_date=deadline + dt.timedelta(days=30), status=Opportunity.Status.PUBLISHED, published_at=at,
        )  # fmt: skip
        opportunity.deadline_ends_at = deadline_end(opportunity)
        opportunities.append(opportunity)
    Opportunity.objects.bulk_create(opportunities)
    pairs = sorted(
        {(rng.choice(requesters)[0], rng.choice(opportunities).pk) for _ in range(max(10, count // 10))}
    )
    SavedOpportunity.objects.bulk_create(SavedOpportunity(user_id=u, opportunity_id=o) for u, o in pairs)
    applications = iter(pairs[::3])  # a third of the savers have applied

    def enquiries() -> Iterator[Enquiry]:
        for number in range(1, count + 1):
            requester_id, home_id = rng.choice(requesters)
            queue = queue_of[home_id] if rng.random() < 0.9 else queues[0]
            created = at - dt.timedelta(seconds=rng.randrange(int(SPAN.total_seconds())))
            status = status_for_age(rng, (at - created).days)
            life = timeline(rng, status, created, at, backlog=SPAN)
            university = queue.university or universities[0]
            kind, opportunity_id = Enquiry.Kind.QUESTION, None
            if number % 50 == 0:
                pair = next(applications, None)
                if pair is not None:
                    requester_id, opportunity_id = pair
                    kind = Enquiry.Kind.APPLICATION
            yield Enquiry(
                reference=f"BENCH-2026-{number:07d}", alliance=alliance, year=2026, number=number,
                requester_id=requester_id, queue=queue, subject=f"Enquiry {number}", status=status,
                kind=kind, opportunity_id=opportunity_id, created_at=created,
                status_changed_at=life.status_changed_at,
                first_response_due=add_working_days(created.date(), 3, str(university.country)),
                first_response_at=life.first_response_at,
                assignee_id=rng.choice(staff[queue.pk]) if status in ASSIGNED else None,
                resolved_at=life.resolved_at, closed_at=life.closed_at,
            )  # fmt: skip

    stream = enquiries()
    while batch := list(itertools.islice(stream, CHUNK)):
        Enquiry.objects.bulk_create(batch)
    return {"requesters": requester_count, "saves": len(pairs), "queues": len(queues)}


@contextmanager
def scratch_database(force: bool) -> Iterator[str]:
    """A freshly migrated database of its own (Django's test-database machinery), dropped afterwards."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    config = settings.DATABASES["default"]
    test = config.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        test["NAME"] = str(Path(tempfile.mkdtemp(prefix="reminders-bench-")) / "bench.sqlite3")
    else:
        test["NAME"] = f"{config['NAME']}_reminders_bench"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [test["NAME"]])
            exists = cursor.fetchone() is not None
        if exists and not force:
            raise Refused(f"Database {test['NAME']} exists already; pass --force to replace it.")
    old = setup_databases(verbosity=0, interactive=False)
    try:
        yield connection.settings_dict["NAME"]
    finally:
        teardown_databases(old, verbosity=0)


class _RollBack(Exception):
    pass


@contextmanager
def current_database() -> Iterator[str]:
    """The configured database, inside a transaction rolled back at the end."""
    from django.db import connection, transaction

    try:
        with transaction.atomic():
            yield connection.settings_dict["NAME"]
            raise _RollBack
    except _RollBack:
        pass


def _mib(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.1f} MiB"


def _maxrss() -> float:
    """Peak resident set size of this process in bytes (Linux reports kilobytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def bench(args: argparse.Namespace, database: str) -> None:
    from django.db import connection
    from django.utils import timezone

    from enquiries.models import Enquiry
    from enquiries.reminders import run_reminders
    from notifications.models import Notification

    if Enquiry.objects.exists() and not args.force:
        raise Refused(f"Database {database} already holds enquiries; pass --force to use it anyway.")
    at = dt.datetime.fromisoformat(args.at)
    if at.tzinfo is None:
        at = timezone.make_aware(at)
    started = time.perf_counter()
    shape = populate(args.count, at, args.seed)
    created = time.perf_counter() - started
    print(
        f"Reminder pass over {args.count} enquiries ({shape['queues']} queues, "
        f"{shape['requesters']} requesters, {shape['saves']} saved opportunities) "
        f"on {connection.vendor} database {database}, at {at.isoformat()}"
    )
    print(f"  data created in {created:.1f} s")
    notifications_before = Notification.objects.count()
    rss_before = _maxrss()
    first = measure(lambda: run_reminders(at), tracing=not args.no_tracemalloc)
    written = Notification.objects.count() - notifications_before
    # The same moment again, as the next hourly run finds it: everything is already sent.
    second = measure(lambda: run_reminders(at), tracing=not args.no_tracemalloc)
    again = Notification.objects.count() - notifications_before - written
    for label, (elapsed, peak, counts) in (("first pass", first), ("second pass, same moment", second)):
        traced = "" if args.no_tracemalloc else f", tracemalloc peak {_mib(peak)}"
        print(f"  {label}: {elapsed:.1f} s{traced}")
        print("    " + ", ".join(f"{name} {count}" for name, count in counts.items()))
    print(f"  notifications written: {written} by the first pass, {again} by the second")
    print(f"  maxrss: {_mib(rss_before)} before the passes, {_mib(_maxrss())} after")
    if not args.no_tracemalloc:
        print("  (times under tracemalloc, which slows Python about twofold; see --no-tracemalloc)")


def measure(run: Callable[[], dict[str, int]], *, tracing: bool) -> tuple[float, int, dict[str, int]]:
    """Run once; return elapsed seconds, tracemalloc peak in bytes (0 untraced) and the counts."""
    was_tracing = tracemalloc.is_tracing()
    if tracing and not was_tracing:
        tracemalloc.start()
    if tracemalloc.is_tracing():
        tracemalloc.reset_peak()
    started = time.perf_counter()
    counts = run()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if tracing else 0
    if tracemalloc.is_tracing() and not was_tracing:
        tracemalloc.stop()
    return elapsed, peak, counts


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    _django()
    from django.conf import settings

    import notifications.services

    debug, enqueue = settings.DEBUG, notifications.services.enqueue
    settings.DEBUG = False  # no query log, as in production
    notifications.services.enqueue = lambda notification_id: None  # measure the pass, not the broker
    try:
        database = current_database() if args.use_current_database else scratch_database(args.force)
        with database as name:
            bench(args, name)
    except Refused as refusal:
        print(f"Refused: {refusal}", file=sys.stderr)
        return 2
    finally:
        settings.DEBUG, notifications.services.enqueue = debug, enqueue
    return 0


if __name__ == "__main__":
    sys.exit(main())
