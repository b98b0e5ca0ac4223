"""Benchmark of the pages: server-side time and SQL queries per request, as ratios to the framework floor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mobility_scale \
    .venv/bin/python bench/pages.py --output bench/results/pages-2core.json

Runs against the configured database (``--database-url`` sets it), which should hold the data
of ``manage.py seed_scale``; it picks its inputs from that data deterministically (the
busiest queue, one of its members, an enquiry of that queue with about 50 messages, its
requester, a search word and three filters of the catalogue). Each page is requested
in-process with Django's test client as a signed-in person (``force_login``), so the time
is the server's own: URL resolution, middleware, view, queries, template; no network, no
HTTP parsing. DEBUG is off; the queries of each page are counted once, apart from the timed
requests, with ``CaptureQueriesContext``.

Nothing stays in the database: everything runs inside one transaction that is rolled back
at the end (sessions, last-login dates), and each submission and each reminder pass inside
a savepoint rolled back at once, so every repetition sees the same data. The e-mail
hand-over to Celery is a no-op. The request policy that limits submissions is lifted for
the run.

The settings load as in development unless ``DJANGO_DEBUG`` is set (so that no secret key
or ``collectstatic`` is needed); DEBUG is then switched off for the run. Staff need
two-factor authentication off: the script runs with ``MFA_REQUIRED_FOR_STAFF`` off.
See README, Benchmarks.
"""

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.reminders import _maxrss, measure  # noqa: E402

SMOKE_REPEAT, SMOKE_WARMUP = 3, 1
FIGURES = ("catalogue", "api_list", "opportunity", "work_queue", "enquiry", "submission", "reminders")
STOPWORDS = {"about", "their", "with", "from", "through", "between", "where", "which", "under"}


@dataclass(frozen=True)
class Target:
    median_ms: float | None = None
    p95_ms: float | None = None
    max_queries: int | None = None
    constant_queries: bool = False
    floor_ratio: float | None = 4.0
    seconds: float | None = None
    peak_mib: float | None = None

    def describe(self) -> str:
        parts = []
        if self.median_ms is not None:
            parts.append(f"med≤{self.median_ms:g}")
        if self.p95_ms is not None:
            parts.append(f"p95≤{self.p95_ms:g}")
        if self.max_queries is not None:
            parts.append(f"q≤{self.max_queries}")
        if self.constant_queries:
            parts.append("q const")
        if self.floor_ratio is not None:
            parts.append(f"≤{self.floor_ratio:g}x floor")
        if self.seconds is not None:
            parts.append(f"≤{self.seconds:g} s")
        if self.peak_mib is not None:
            parts.append(f"peak≤{self.peak_mib:g} MB")
        return ", ".join(parts) or "-"


# The targets of the issue "Scale" (2-core machine, PostgreSQL, full default size).
TARGETS = {
    "floor": Target(floor_ratio=None),
    "catalogue": Target(median_ms=30, p95_ms=60, max_queries=10),
    "api_list": Target(median_ms=30, p95_ms=60, max_queries=10),
    "opportunity": Target(),
    "work_queue": Target(median_ms=30, p95_ms=60, constant_queries=True),
    "enquiry": Target(median_ms=20),
    "submission": Target(median_ms=40),
    # The catch-up's time is reported, not judged: it grows with the reminders due, not the enquiries.
    "reminders_catch_up": Target(peak_mib=300, floor_ratio=None),
    "reminders": Target(seconds=60, peak_mib=300, floor_ratio=None),
}


@dataclass
class Figure:
    name: str
    label: str
    method: str = "GET"
    path: str = ""
    status: int = 0
    repeat: int = 0
    warmup: int = 0
    median_ms: float = 0.0
    p95_ms: float = 0.0
    mean_ms: float = 0.0
    min_ms: float = 0.0
    max_ms: float = 0.0
    queries: int | None = None
    queries_other_page: int | None = None  # the same request on another page (constant queries?)
    ratio_median: float | None = None
    ratio_p95: float | None = None
    details: dict = field(default_factory=dict)
    target: dict = field(default_factory=dict)
    checks: dict = field(default_factory=dict)
    met: bool | None = None


class Refused(Exception):
    pass


def _django(database_url: str | None) -> None:
    from django.apps import apps

    if apps.ready:
        return
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mobility.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # switched off below; avoids needing a key and collectstatic
    os.environ["MFA_REQUIRED_FOR_STAFF"] = "0"
    import django

    django.setup()


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark the pages (see README, Benchmarks).")
    parser.add_argument("--database-url", help="the database to measure (default: DATABASE_URL)")
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per page (default 50)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed requests first (default 5)")
    parser.add_argument("--output", type=Path, help="write the result as JSON to this file")
    parser.add_argument(
        "--at",
        help="moment of the reminder pass, ISO 8601 (default: the newest enquiry or message, "
        "i.e. the --at of seed_scale)",
    )
    parser.add_argument(
        "--no-tracemalloc", action="store_true", help="skip the traced reminder pass (no peak memory figure)"
    )
    parser.add_argument("--skip-reminders", action="store_true", help="do not run the reminder pass")
    parser.add_argument(
        "--only",
        type=lambda value: set(value.split(",")),
        default=None,
        help=f"measure only these figures besides the floor, comma-separated: {', '.join(FIGURES)}",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help=f"a quick run ({SMOKE_REPEAT} repetitions, {SMOKE_WARMUP} warm-up)",
    )
    args = parser.parse_args(argv)
    if args.only is not None and not args.only <= set(FIGURES):
        parser.error(f"--only takes some of: {', '.join(FIGURES)}")
    if args.smoke:
        args.repeat, args.warmup = SMOKE_REPEAT, SMOKE_WARMUP
    if args.repeat < 1 or args.warmup < 0:
        parser.error("--repeat must be at least 1 and --warmup at least 0")
    return args


# The framework floor: one query, one small template, through the whole middleware stack.
FLOOR_TEMPLATE = """<!doctype html><html lang="en"><title>Floor</title><ul>
{% for alliance in alliances %}<li>{{ alliance.code }}: {{ alliance.name }}</li>{% endfor %}
</ul></html>"""


def floor_view(request):
    from django.http import HttpResponse
    from django.template import engines

    from institutions.models import Alliance

    template = engines["django"].from_string(FLOOR_TEMPLATE)
    alliances = list(Alliance.objects.order_by("pk")[:10])
    return HttpResponse(template.render({"alliances": alliances}))


FLOOR_PATH = "/bench-floor/"


def _urlpatterns() -> list:
    from django.urls import include, path

    return [path(FLOOR_PATH.strip("/") + "/", floor_view), path("", include("mobility.urls"))]


def __getattr__(name: str):  # this module serves as the URLconf of the floor's requests
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


@dataclass
class Inputs:
    at: dt.datetime
    queue: object
    member: object
    enquiry: object
    messages: int
    requester: object
    catalogue_query: dict
    opportunity: object
    work_queue_query: dict


def pick_inputs(at_option: str | None) -> Inputs:
    """Choose what to request, deterministically, from the data."""
    from django.db.models import Count, Max
    from django.utils import timezone

    from enquiries.models import Enquiry, Message, Queue, QueueMembership
    from opportunities.filters import OpportunityFilter
    from opportunities.models import Opportunity, OpportunityLanguage
    from opportunities.selectors import catalogue_opportunities

    busiest = Enquiry.objects.values("queue").annotate(n=Count("pk")).order_by("-n", "queue").first()
    if busiest is None:
        raise Refused("The database holds no enquiries; generate data with manage.py seed_scale first.")
    queue = Queue.objects.select_related("university", "alliance").get(pk=busiest["queue"])
    membership = QueueMembership.objects.filter(queue=queue).select_related("user").order_by("pk").first()
    if membership is None:
        raise Refused(f"The busiest queue ({queue}) has no members.")
    threads = (
        Message.objects.filter(enquiry__queue=queue)
        .values("enquiry")
        .annotate(n=Count("pk"))
        .order_by("enquiry")
    )
    counts = [(row["n"], row["enquiry"]) for row in threads]
    # The thread closest to 50 messages (the longest if none reaches it); lowest key among equals.
    n_messages, enquiry_id = min(counts, key=lambda c: (abs(c[0] - 50), c[1]))
    enquiry = Enquiry.objects.select_related("requester", "alliance").get(pk=enquiry_id)

    if at_option:
        at = dt.datetime.fromisoformat(at_option)
        if at.tzinfo is None:
            at = timezone.make_aware(at)
    else:
        newest = [
            Enquiry.objects.aggregate(m=Max("created_at"))["m"],
            Enquiry.objects.aggregate(m=Max("status_changed_at"))["m"],
            Message.objects.aggregate(m=Max("created_at"))["m"],
        ]
        at = max(m for m in newest if m is not None)

    published = Opportunity.objects.filter(status=Opportunity.Status.PUBLISHED)
    kind = published.values("kind").annotate(n=Count("pk")).order_by("-n", "kind").first()["kind"]
    form = published.values("format").annotate(n=Count("pk")).order_by("-n", "format").first()["format"]
    language = (
        OpportunityLanguage.objects.values("code").annotate(n=Count("pk")).order_by("-n", "code").first()
    )
    words: Counter[str] = Counter()
    for title in published.filter(kind=kind).order_by("pk").values_list("title", flat=True)[:5000]:
        words.update(w for w in re.findall(r"[a-z]{6,}", title.lower()) if w not in STOPWORDS)
    # A word of moderate frequency: neither the commonest (matches everything) nor a rarity.
    ranked = sorted(words.items(), key=lambda item: (-item[1], item[0]))
    word = ranked[min(len(ranked) - 1, len(ranked) // 10)][0] if ranked else "summer"
    catalogue_query = {"q": word, "kind": kind, "format": form}
    if language:
        catalogue_query["language"] = language["code"]
    else:
        catalogue_query["open"] = "true"
    found = OpportunityFilter(catalogue_query, queryset=catalogue_opportunities()).qs.first()
    opportunity = found or published.order_by("pk").first()
    return Inputs(
        at=at,
        queue=queue,
        member=membership.user,
        enquiry=enquiry,
        messages=n_messages,
        requester=enquiry.requester,
        catalogue_query=catalogue_query,
        opportunity=opportunity,
        work_queue_query={"status": ["new", "open"], "kind": "question", "ordering": "due"},
    )


def _percentile(samples: list[float], fraction: float) -> float:
    if len(samples) == 1:
        return samples[0]
    ordered = sorted(samples)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def time_request(
    figure: Figure,
    send: Callable[[], object],
    *,
    repeat: int,
    warmup: int,
    expect: int,
    rolled_back: bool = False,
) -> None:
    """Warm up, count the queries of one request, then time ``repeat`` requests."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    def once():
        if not rolled_back:
            return send()
        savepoint = transaction.savepoint()
        try:
            return send()
        finally:
            transaction.savepoint_rollback(savepoint)

    for _ in range(warmup):
        once()
    with CaptureQueriesContext(connection) as captured:
        response = once()
    if response.status_code != expect:
        raise RuntimeError(f"{figure.label}: {figure.path} answered {response.status_code}, not {expect}")
    figure.status, figure.queries = response.status_code, len(captured)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        once()
        samples.append((time.perf_counter() - started) * 1000)
    figure.repeat, figure.warmup = repeat, warmup
    figure.median_ms = statistics.median(samples)
    figure.p95_ms = _percentile(samples, 0.95)
    figure.mean_ms = statistics.fmean(samples)
    figure.min_ms, figure.max_ms = min(samples), max(samples)
    print(f"    {figure.label}: median {figure.median_ms:.1f} ms, {figure.queries} queries", flush=True)


def _query_count(send: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        send()
    return len(captured)


def wanted(args: argparse.Namespace, name: str) -> bool:
    return args.only is None or name in args.only


def measure_pages(inputs: Inputs, args: argparse.Namespace) -> list[Figure]:
    from urllib.parse import urlencode

    from django.test import Client, override_settings

    from enquiries.models import Enquiry

    requester, member = Client(), Client()
    requester.force_login(inputs.requester)
    member.force_login(inputs.member)
    catalogue_qs = urlencode(inputs.catalogue_query)
    queue_qs = urlencode(inputs.work_queue_query, doseq=True)
    timing = {"repeat": args.repeat, "warmup": args.warmup}
    figures = []

    def get(client: Client, path: str) -> Callable[[], object]:
        return lambda: client.get(path, secure=True)

    floor = Figure("floor", "Framework floor (1 query, template)", path=FLOOR_PATH)
    with override_settings(ROOT_URLCONF=__name__):
        time_request(floor, get(requester, FLOOR_PATH), expect=200, **timing)
    figures.append(floor)

    pages = [
        ("catalogue", "Catalogue, search + 3 filters", requester, f"/opportunities/?{catalogue_qs}"),
        ("api_list", "API list, search + 3 filters", requester, f"/api/v1/opportunities/?{catalogue_qs}"),
        ("opportunity", "Opportunity page", requester, inputs.opportunity.get_absolute_url()),
        ("work_queue", "Work queue, busiest queue, filters", member, f"/queue/?{queue_qs}"),
        ("enquiry", f"Enquiry page, {inputs.messages} messages", member, inputs.enquiry.get_absolute_url()),
    ]
    for name, label, client, path in pages:
        if not wanted(args, name):
            continue
        figure = Figure(name, label, path=path)
        time_request(figure, get(client, path), expect=200, **timing)
        if name in ("catalogue", "api_list", "work_queue"):
            other = f"{path}&page=3"
            figure.queries_other_page = _query_count(get(client, other))
            figure.details["other_page"] = other
        figures.append(figure)
    named = {figure.name: figure for figure in figures}
    for name, details in (
        ("catalogue", {"query": inputs.catalogue_query}),
        ("work_queue", {"queue": inputs.queue.name, "member": inputs.member.email}),
        ("enquiry", {"reference": inputs.enquiry.reference, "messages": inputs.messages}),
    ):
        if name in named:
            named[name].details |= details
    if not wanted(args, "submission"):
        return figures

    submission = Figure(
        "submission", "Submit an enquiry (rolled back)", method="POST", path="/enquiries/new/"
    )
    data = {
        "alliance": inputs.enquiry.alliance_id,
        "topic": "general",
        "subject": "Question about the learning agreement",
        "message": "Hello,\n\nWhich courses can I take during the exchange semester?\n\nThank you.",
    }
    before = Enquiry.objects.count()
    time_request(
        submission,
        lambda: requester.post(submission.path, data, secure=True),
        expect=302,
        rolled_back=True,
        **timing,
    )
    if Enquiry.objects.count() != before:
        raise RuntimeError("A submission was not rolled back.")
    submission.details = {"requester": inputs.requester.email, "alliance": inputs.enquiry.alliance.code}
    figures.append(submission)
    return figures


def measure_reminders(inputs: Inputs, args: argparse.Namespace) -> list[Figure]:
    """The reminder pass twice, in one savepoint rolled back: at ``inputs.at``, then an hour later.

    The first run finds every reminder that ever fell due on the generated data (no pass has
    run on it yet): a catch-up, as after the pass was stopped for weeks. The second run is
    the hourly pass of a hub whose pass has kept up: it still reads all enquiries, and sends
    what fell due in that hour.
    """
    from django.db import transaction

    from enquiries.models import Enquiry
    from enquiries.reminders import run_reminders
    from notifications.models import Notification

    later = inputs.at + dt.timedelta(hours=1)
    catch_up = Figure("reminders_catch_up", "Reminder pass, first run (catch-up)", method="run_reminders")
    hourly = Figure("reminders", "Reminder pass over all enquiries, hourly", method="run_reminders")
    catch_up.details = {"at": inputs.at.isoformat(), "enquiries": Enquiry.objects.count()}
    hourly.details = {"at": later.isoformat(), "enquiries": catch_up.details["enquiries"]}

    def both(tracing: bool) -> list[tuple[float, int, dict[str, int], int]]:
        runs = []
        savepoint = transaction.savepoint()
        try:
            for moment in (inputs.at, later):
                before = Notification.objects.count()
                elapsed, peak, counts = measure(lambda moment=moment: run_reminders(moment), tracing=tracing)
                runs.append((elapsed, peak, counts, Notification.objects.count() - before))
        finally:
            transaction.savepoint_rollback(savepoint)
        return runs

    rss_before = _maxrss()
    for figure, (elapsed, _, counts, written) in zip((catch_up, hourly), both(tracing=False), strict=True):
        figure.details |= {
            "seconds": round(elapsed, 2),
            "counts": counts,
            "notifications_written": written,
            "ms_per_notification": round(elapsed * 1000 / written, 2) if written else None,
        }
        figure.repeat, figure.median_ms = 1, elapsed * 1000
        figure.min_ms = figure.max_ms = figure.mean_ms = figure.p95_ms = figure.median_ms
        print(f"    {figure.label}: {elapsed:.1f} s, {written} notifications written", flush=True)
    hourly.details |= {
        "maxrss_before_mib": round(rss_before / 2**20, 1),
        "maxrss_after_mib": round(_maxrss() / 2**20, 1),
    }
    if not args.no_tracemalloc:
        for figure, (traced, peak, _, _) in zip((catch_up, hourly), both(tracing=True), strict=True):
            figure.details |= {
                "tracemalloc_peak_mib": round(peak / 2**20, 1),
                "traced_seconds": round(traced, 2),
            }
    return [catch_up, hourly]


def judge(figure: Figure, floor: Figure | None) -> None:
    target = TARGETS[figure.name]
    figure.target = {k: v for k, v in asdict(target).items() if v not in (None, False)}
    if floor is not None and floor.median_ms and figure.name != "floor":
        figure.ratio_median = figure.median_ms / floor.median_ms
        figure.ratio_p95 = figure.p95_ms / floor.p95_ms
    checks = {}
    if target.median_ms is not None:
        checks["median"] = figure.median_ms <= target.median_ms
    if target.p95_ms is not None:
        checks["p95"] = figure.p95_ms <= target.p95_ms
    if target.max_queries is not None and figure.queries is not None:
        checks["queries"] = figure.queries <= target.max_queries
    if target.constant_queries:
        checks["constant_queries"] = figure.queries == figure.queries_other_page
    if target.floor_ratio is not None and figure.ratio_median is not None:
        checks["floor_ratio"] = figure.ratio_median <= target.floor_ratio
    if target.seconds is not None:
        checks["seconds"] = figure.details["seconds"] <= target.seconds
    if target.peak_mib is not None and "tracemalloc_peak_mib" in figure.details:
        checks["peak_memory"] = figure.details["tracemalloc_peak_mib"] <= target.peak_mib
    figure.checks = checks
    figure.met = all(checks.values()) if checks else None


def machine() -> dict:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database_version = f"PostgreSQL {cursor.fetchone()[0]}"
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
        else:
            import sqlite3

            database_version = f"{connection.vendor} {sqlite3.sqlite_version}"
            name = Path(str(connection.settings_dict["NAME"]))
            size = name.stat().st_size if name.is_file() else None
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "host": platform.node(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database_version,
        "database_name": str(connection.settings_dict["NAME"]),
        "database_bytes": size,
    }


def row_counts() -> dict[str, int]:
    from accounts.models import User
    from enquiries.models import Enquiry, Message, Queue
    from institutions.models import Alliance, University
    from opportunities.models import Opportunity

    models = {
        "alliances": Alliance, "universities": University, "queues": Queue, "people": User,
        "opportunities": Opportunity, "enquiries": Enquiry, "messages": Message,
    }  # fmt: skip
    return {name: model.objects.count() for name, model in models.items()}


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 1000 else f"{value / 1000:.1f} s"


def table(figures: list[Figure]) -> str:
    header = (
        f"{'page':<38} {'median ms':>10} {'p95 ms':>9} {'queries':>8} {'x floor':>8}  {'target':<34} met?"
    )
    lines = [header, "-" * len(header)]
    for f in figures:
        queries = "-" if f.queries is None else str(f.queries)
        if f.queries_other_page is not None and f.queries_other_page != f.queries:
            queries += f"/{f.queries_other_page}"
        ratio = "-" if f.ratio_median is None else f"{f.ratio_median:.1f}"
        met = {True: "yes", False: "NO", None: "-"}[f.met]
        if f.met is False:
            met += " (" + ", ".join(k for k, ok in f.checks.items() if not ok) + ")"
        lines.append(
            f"{f.label[:38]:<38} {_ms(f.median_ms):>10} {_ms(f.p95_ms):>9} {queries:>8} {ratio:>8}  "
            f"{TARGETS[f.name].describe():<34} {met}"
        )
        if f.name.startswith("reminders"):
            notes = [f"{f.details['notifications_written']} notifications written"]
            if "tracemalloc_peak_mib" in f.details:
                notes.append(f"tracemalloc peak {f.details['tracemalloc_peak_mib']} MiB")
            if "maxrss_after_mib" in f.details:
                notes.append(f"maxrss {f.details['maxrss_after_mib']} MiB")
            lines.append(f"{'':<38} {', '.join(notes)}")
    return "\n".join(lines)


class _RollBack(Exception):
    pass


@contextmanager
def rolled_back() -> Iterator[None]:
    from django.db import transaction

    try:
        with transaction.atomic():
            yield
            raise _RollBack
    except _RollBack:
        pass


def bench(args: argparse.Namespace) -> dict:
    from django.db import connection

    started = time.perf_counter()
    info = machine()
    counts = row_counts()
    print(
        f"Pages on {info['database']} database {info['database_name']} "
        f"({', '.join(f'{n:,} {what}' for what, n in counts.items())}), {info['cpu_count']} CPUs"
    )
    with rolled_back():
        inputs = pick_inputs(args.at)
        print(
            f"  busiest queue {inputs.queue.name!r}, member {inputs.member.email}; "
            f"enquiry {inputs.enquiry.reference} ({inputs.messages} messages), "
            f"requester {inputs.requester.email}"
        )
        print(f"  catalogue: {inputs.catalogue_query}; opportunity {inputs.opportunity.slug}")
        print(f"  {args.repeat} timed requests per page after {args.warmup} warm-ups ...")
        figures = measure_pages(inputs, args)
        if not args.skip_reminders and wanted(args, "reminders"):
            print(f"  reminder pass at {inputs.at.isoformat()} ...")
            figures += measure_reminders(inputs, args)
    floor = figures[0]
    for figure in figures:
        judge(figure, floor)
    print()
    print(table(figures))
    print()
    print(
        f"Server-side times in-process (test client, DEBUG off, {connection.vendor}); "
        f"ratios are medians over the floor's median. Done in {time.perf_counter() - started:.0f} s."
    )
    return {
        "benchmark": "pages",
        "machine": info,
        "data": counts,
        "settings": {"repeat": args.repeat, "warmup": args.warmup, "smoke": args.smoke},
        "inputs": {
            "busiest_queue": inputs.queue.name,
            "member": inputs.member.email,
            "requester": inputs.requester.email,
            "enquiry": inputs.enquiry.reference,
            "enquiry_messages": inputs.messages,
            "catalogue_query": inputs.catalogue_query,
            "work_queue_query": inputs.work_queue_query,
            "opportunity": inputs.opportunity.slug,
            "reminders_at": inputs.at.isoformat(),
        },
        "figures": [_rounded(asdict(f)) for f in figures],
    }


def _rounded(value):
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    _django(args.database_url)
    from django.conf import settings
    from django.test import override_settings

    import notifications.services

    enqueue = notifications.services.enqueue
    notifications.services.enqueue = lambda notification_id: None  # measure the server, not the broker
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    result = None
    try:
        # Submissions are measured, not limited: the request policy lets them all through.
        limits = {**settings.ACCOUNT_RATE_LIMITS, "enquiry_submission": None}
        with override_settings(
            DEBUG=False, ALLOWED_HOSTS=hosts, MFA_REQUIRED_FOR_STAFF=False, ACCOUNT_RATE_LIMITS=limits
        ):
            result = bench(args)
    except Refused as refusal:
        print(f"Refused: {refusal}", file=sys.stderr)
        return 2
    finally:
        notifications.services.enqueue = enqueue
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"Result written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
