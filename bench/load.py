"""Load test: the site under gunicorn on loopback; simulated people sign in, browse, filter and submit.

    createdb -h 127.0.0.1 -U postgres -T mobility_scale mobility_load    # a copy, as the run writes
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/mobility_load \
        --output bench/results/load-2core.json

Starts gunicorn on a free loopback port as the production image does (``mobility.wsgi``,
``--workers 3``, DEBUG off, static files collected by WhiteNoise's storage into a scratch
folder), waits for ``/health/`` and runs locust headless (``bench/locustfile.py``, in a process
of its own so that gevent's monkey-patching stays there): ``--users`` simulated people, started
``--spawn-rate`` per second, each signs in, and once the last one has, ``--duration`` seconds
are measured. Then it stops both processes (also on Ctrl-C, SIGTERM or an error). It prints
two tables per kind of request, count, throughput, median, 95th and 99th percentiles and
errors: the sign-in phase (each sign-in hashes a password, and the workers warm up) and the
measured part, with everyone signed in; then the throughput and p95 of the measured part, the
errors of the whole run, and the first errors with the end of the server's log. ``--output``
writes it all as JSON with the machine and the data.

The people are taken from the data, deterministically: requesters (active, with a verified
address, no staff role, at least one enquiry of their own), spread over the whole list of
them, and about one in ten simulated people is staff, the first member of each of the busiest
queues. They sign in through allauth's form with ``--password`` (that of ``seed_scale`` and
``seed_demo`` by default). Requesters browse the catalogue (plain, text search, filters and
both, with values taken from the data), open opportunities, save some, list their saved
opportunities, their enquiries and the API, open their enquiries and now and then submit one
through the real form (about an opportunity or general); staff open their work queue, with
and without filters, and its enquiries. Each waits ``--think`` seconds between actions (1 to 3
by default: far less than a person, so fifty of them stand for several hundred people).
Answers other than the expected ones (200 for pages, 302 to the right place after a form)
are errors; the target is none.

The run writes to the database: sessions and last sign-in dates, saved opportunities, and
each submission's enquiry, message, audit entry and notifications. Those wait in the outbox:
the broker is Celery's filesystem transport in the scratch folder, where nothing consumes it
(no Redis needed, and no connection attempt or timeout per submission); a worker started
later on that database would send them (the sweep). Point ``--database-url`` at a copy
(``createdb -T``, above, while nobody is connected to the original) to keep a database as it
was. The server's cache is the file cache of an installation without Redis, in the scratch
folder, and e-mail goes to Django's dummy backend. The rate limit of submissions is lifted,
and ``DJANGO_TRUSTED_PROXY_COUNT=1`` gives each simulated person an address of their own
(``X-Forwarded-For``), so that allauth's sign-in limit per address (30 a minute) applies to
each as it would behind a proxy. ``MFA_REQUIRED_FOR_STAFF`` is off so that staff can sign in
with a password alone. The clients speak plain HTTP on loopback but say
``X-Forwarded-Proto: https``, as a proxy that ends TLS would, so that the HTTPS redirect
stays on; cookies are sent without the Secure flag (``DJANGO_SECURE_COOKIES=0``) so that
they come back over plain HTTP.

Exit status: 0 if there were no errors (and, with ``--smoke``, every kind of request was
made), 1 otherwise (0 with ``--allow-errors``), 2 if the run could not take place (no data,
missing migrations, a wrong password, a server that does not start). See README, Benchmarks.
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.pages import STOPWORDS, _django, _percentile, _rounded  # noqa: E402

# The production image's number (Dockerfile, docker-compose.yml). Gunicorn's rule of thumb,
# 2 x cores + 1 = 5, is for a machine that only serves; here locust and the database share the
# two cores, and three sync workers already overlap one request's database waits with
# another's Python.
DEFAULT_WORKERS = 3
DEFAULT_USERS, DEFAULT_DURATION = 50, 60
# About what two cores sign in per second: each sign-in hashes the password (PBKDF2, about
# half a second of one core), and the people already in keep browsing meanwhile.
DEFAULT_SPAWN_RATE = 2.0
DEFAULT_THINK = (1.0, 3.0)
STAFF_SHARE = 0.1
SMOKE_USERS, SMOKE_SPAWN_RATE, SMOKE_THINK, SMOKE_LIMIT = 4, 4.0, (0.05, 0.2), 90
SIGN_IN_LIMIT = 300  # seconds the people may take to sign in before the measured part
FIRST_ERRORS = 20
LOCUST_CPU_WARNING = 90  # percent of one core, as locust's own warning

REQUESTER_KINDS = (
    "sign-in form", "sign-in", "home", "catalogue", "catalogue search", "catalogue filters",
    "catalogue search + filters", "opportunity", "save opportunity", "saved opportunities", "API list",
    "my enquiries", "own enquiry", "enquiry form", "submit enquiry",
)  # fmt: skip
STAFF_KINDS = ("sign-in form", "sign-in", "home", "work queue", "work queue filters", "enquiry (staff)")
KINDS = tuple(dict.fromkeys(REQUESTER_KINDS + STAFF_KINDS))

# Collect as the production image does, without brotli (not among the project's dependencies,
# but locust brings it, and WhiteNoise's brotli pass costs about 30 s of CPU): gzip only.
COLLECTSTATIC = (
    "import os, sys\n"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mobility.settings')\n"
    "sys.modules['brotli'] = None\n"
    "from django.core.management import execute_from_command_line\n"
    "execute_from_command_line(['manage.py', 'collectstatic', '--no-input', '-v0'])\n"
)


class Refused(Exception):
    pass


@dataclass
class Figure:
    kind: str
    requests: int = 0
    errors: int = 0
    throughput_rps: float = 0.0
    median_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    mean_ms: float = 0.0
    max_ms: float = 0.0


def _think(value: str) -> tuple[float, float]:
    low, _, high = value.partition(",")
    try:
        pair = (float(low), float(high or low))
    except ValueError:
        raise argparse.ArgumentTypeError("expected MIN,MAX in seconds, e.g. 1,3") from None
    if not 0 <= pair[0] <= pair[1]:
        raise argparse.ArgumentTypeError("expected 0 <= MIN <= MAX")
    return pair


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Load-test the site under gunicorn (see README, Benchmarks)."
    )
    parser.add_argument(
        "--database-url", help="the database to run against (default: DATABASE_URL); it is written to"
    )
    parser.add_argument(
        "--users", type=int, default=DEFAULT_USERS, help=f"simulated people (default {DEFAULT_USERS})"
    )
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=DEFAULT_SPAWN_RATE,
        help=f"people started per second (default {DEFAULT_SPAWN_RATE:g})",
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=DEFAULT_DURATION,
        help=f"seconds measured once everyone has signed in (default {DEFAULT_DURATION})",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=DEFAULT_WORKERS,
        help=f"gunicorn sync workers (default {DEFAULT_WORKERS}, as the production image)",
    )
    parser.add_argument(
        "--think",
        type=_think,
        default=DEFAULT_THINK,
        metavar="MIN,MAX",
        help="seconds each person waits between actions, at random (default 1,3)",
    )
    parser.add_argument(
        "--password", help="password of the accounts (default: mobility-demo, as seed_scale and seed_demo)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the people's choices (default 1)")
    parser.add_argument("--output", type=Path, help="write the result as JSON to this file")
    parser.add_argument("--allow-errors", action="store_true", help="exit 0 even if there were errors")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help=f"a quick run: {SMOKE_USERS} people who each make every kind of request once, then stop "
        f"(at most {SMOKE_LIMIT} s)",
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.users, args.spawn_rate, args.think = SMOKE_USERS, SMOKE_SPAWN_RATE, SMOKE_THINK
    if args.users < 2 or args.spawn_rate <= 0 or args.duration < 1 or args.workers < 1:
        parser.error("--users must be at least 2 (a requester and staff), the rest positive")
    return args


def database_url() -> str:
    """The URL of the database this process uses, for the server's processes."""
    import environ
    from django.db import connection

    db = connection.settings_dict
    given = os.environ.get("DATABASE_URL", "")
    if given and environ.Env.db_url_config(given).get("NAME") == db["NAME"]:
        return given  # as the operator wrote it (options, socket folders), unless a test database
    if db["ENGINE"].endswith("sqlite3"):
        if str(db["NAME"]) == ":memory:" or "mode=memory" in str(db["NAME"]):
            raise Refused("An in-memory SQLite database cannot be shared with the server: use a file.")
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    host = db["HOST"] or "localhost"
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{quote(db['NAME'])}"


# Choosing the people and the inputs.


def _spread(items: list, count: int) -> list:
    """``count`` items spread evenly over ``items`` (all of them if fewer), in order."""
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _top(queryset, field: str, count: int) -> list[str]:
    from django.db.models import Count

    rows = queryset.exclude(**{f"{field}__isnull": True}).values(field).annotate(n=Count("pk"))
    return [str(row[field]) for row in rows.order_by("-n", field)[:count]]


def pick_requesters(count: int) -> list[dict]:
    from allauth.account.models import EmailAddress
    from django.db.models import Exists, OuterRef

    from accounts.models import Role, User
    from enquiries.models import Enquiry, QueueMembership
    from enquiries.selectors import my_enquiries

    candidates = (
        User.objects.filter(is_active=True)
        .exclude(password__startswith="!")  # noqa: S106 (unusable passwords, not a password)
        .filter(Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True, primary=True)))
        .exclude(Exists(Role.objects.filter(user=OuterRef("pk"))))
        .exclude(Exists(QueueMembership.objects.filter(user=OuterRef("pk"))))
        .filter(Exists(Enquiry.objects.filter(requester=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = _spread(list(candidates), count)
    users = User.objects.filter(pk__in=chosen).select_related("home_university").order_by("pk")
    fallback = _first_alliance()
    return [
        {
            "email": user.email,
            "name": user.display_name or user.email.split("@")[0],
            "language": user.language,
            "alliance": user.home_university.alliance_id if user.home_university else fallback,
            "references": list(my_enquiries(user).values_list("reference", flat=True)[:5]),
        }
        for user in users
    ]


def _first_alliance() -> int | None:
    from institutions.models import Alliance

    return Alliance.objects.order_by("pk").values_list("pk", flat=True).first()


def pick_staff(count: int) -> list[dict]:
    from django.db.models import Count

    from enquiries.models import Enquiry, QueueMembership
    from enquiries.selectors import work_queue

    queues = Enquiry.objects.values("queue").annotate(n=Count("pk")).order_by("-n", "queue")
    staff: list[dict] = []
    seen: set[int] = set()
    for row in queues.iterator():
        membership = (
            QueueMembership.objects.filter(queue_id=row["queue"], user__is_active=True)
            .exclude(user__password__startswith="!")  # noqa: S106
            .exclude(user_id__in=seen)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if membership is None:
            continue
        user = membership.user
        seen.add(user.pk)
        references = work_queue(user).order_by("-created_at", "-pk").values_list("reference", flat=True)[:30]
        staff.append(
            {
                "email": user.email,
                "name": user.display_name or user.email,
                "language": user.language,
                "references": list(references),
            }
        )
        if len(staff) == count:
            break
    return staff


def pick_inputs() -> dict:
    """Opportunities, search words and filter values of the catalogue, filters of the work queue."""
    from enquiries.filters import WorkQueueFilter
    from enquiries.models import Enquiry
    from opportunities.models import Opportunity, OpportunityLanguage

    listed = Opportunity.objects.listed()
    slugs = _spread(list(listed.order_by("pk").values_list("slug", flat=True)), 200)
    words: Counter[str] = Counter()
    for title in listed.order_by("pk").values_list("title", flat=True)[:5000]:
        words.update(w for w in re.findall(r"[a-z]{6,}", title.lower()) if w not in STOPWORDS)
    ranked = [word for word, _ in sorted(words.items(), key=lambda item: (-item[1], item[0]))]
    # Words of every frequency but the very commonest (which match everything).
    search_words = _spread(ranked[max(1, len(ranked) // 50) :], 12) or ["summer"]
    filters = {
        "kind": _top(listed, "kind", 3),
        "format": _top(listed, "format", 3),
        "language": _top(OpportunityLanguage.objects.filter(opportunity__in=listed), "code", 4),
        "country": _top(listed, "host_university__country", 4),
        "alliance": _top(listed, "alliance__slug", 3),
        "theme": _top(listed, "theme__slug", 3),
        "funding": _top(listed, "funding", 2),
        "audience": [value for value, _ in Opportunity.Audience.choices[:3]],
        "open": ["true"],
        "ordering": ["newest", "title", "deadline"],
    }
    return {
        "opportunities": slugs,
        "words": search_words,
        "filters": {name: values for name, values in filters.items() if values},
        "queue_filters": {
            "status": [str(s) for s in Enquiry.ACTIVE_STATUSES],
            "kind": [value for value, _ in Enquiry.Kind.choices],
            "assignee": [WorkQueueFilter.ME, WorkQueueFilter.UNASSIGNED, WorkQueueFilter.ANYONE],
            "ordering": [value for value, _ in WorkQueueFilter.ORDERINGS],
        },
    }


def check_migrated() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        first = pending[0][0]
        raise Refused(f"The database lacks {len(pending)} migrations ({first}, ...): migrate it first.")


def make_plan(args: argparse.Namespace) -> dict:
    from django.contrib.auth.hashers import check_password

    from accounts.models import User
    from demo.data import DEFAULT_PASSWORD

    staff_count = max(1, round(args.users * STAFF_SHARE))
    requesters = pick_requesters(args.users - staff_count)
    staff = pick_staff(staff_count)
    if not requesters or not staff:
        raise Refused(
            "The database holds no requesters with enquiries or no queue members; "
            "generate data with manage.py seed_scale first."
        )
    inputs = pick_inputs()
    if not inputs["opportunities"]:
        raise Refused("The catalogue is empty; generate data with manage.py seed_scale first.")
    password = args.password or DEFAULT_PASSWORD
    email = requesters[0]["email"]  # one check (a deliberately slow hash) for a clear refusal
    if not check_password(password, User.objects.get(email=email).password):
        raise Refused(f"The password does not open {email}'s account: see --password.")
    return {
        "users": args.users,
        "duration": args.duration,
        "staff_users": staff_count,
        "think": list(args.think),
        "tour": args.smoke,
        "seed": args.seed,
        "password": password,
        "requesters": requesters,
        "staff": staff,
        **inputs,
    }


# The server.


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(scratch: Path, port: int, database: str) -> dict[str, str]:
    """Production settings with everything local to ``scratch``; none of the caller's DJANGO_* and co."""
    own = ("DJANGO_", "MOBILITY_", "DATABASE_URL", "REDIS_URL", "EMAIL_URL", "SITE_URL", "MFA_", "ENQUIRY_")
    base = {k: v for k, v in os.environ.items() if not k.startswith(own)}
    return base | {
        "DJANGO_SETTINGS_MODULE": "mobility.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"https://127.0.0.1:{port}",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DATABASE_URL": database,
        "REDIS_URL": "",  # empty (not unset) so that no .env file brings one back
        "EMAIL_URL": "dummymail://",
        "MOBILITY_VAR_DIR": str(scratch / "var"),
        "DJANGO_STATIC_ROOT": str(scratch / "static"),
        "MFA_REQUIRED_FOR_STAFF": "0",
        "ENQUIRY_SUBMISSIONS_PER_HOUR": str(10**9),
    }


def _stop(process: subprocess.Popen, grace: float) -> None:
    """Ask a process (the leader of its own group) to stop, then kill its whole group if it lingers."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)  # workers or greenlets left behind, if any
    process.wait()


@contextlib.contextmanager
def started(command: list[str], env: dict[str, str], log: Path, grace: float) -> Iterator[subprocess.Popen]:
    """Run ``command`` in a session of its own (Ctrl-C reaches only this script) until the block ends."""
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 (our own commands)
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        with _shielded():
            _stop(process, grace)


@contextlib.contextmanager
def _shielded() -> Iterator[None]:
    """Let a second Ctrl-C (or SIGTERM) not interrupt the stopping of the processes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _tail(log: Path, lines: int = 25, skip: str = r"^\S+ - - \[") -> str:
    """The last lines of a log (without gunicorn's access lines)."""
    if not log.is_file():
        return ""
    kept = [line for line in log.read_text(errors="replace").splitlines() if not re.match(skip, line)]
    return "\n".join(kept[-lines:])


def wait_for_health(url: str, server: subprocess.Popen, log: Path, timeout: float = 180) -> None:
    request = urllib.request.Request(url + "/health/", headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            raise Refused(f"gunicorn stopped (exit {server.returncode}):\n{_tail(log)}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 (loopback)
                if response.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        if time.monotonic() > deadline:
            raise Refused(f"{url}/health/ did not answer 200 within {timeout:.0f} s:\n{_tail(log)}")
        time.sleep(0.3)


def run(args: argparse.Namespace, plan: dict, database: str) -> tuple[dict, dict]:
    """Start the server, run locust, stop both; return locust's recording and the end of the server's log."""
    with tempfile.TemporaryDirectory(prefix="mobility-load-") as folder:
        scratch = Path(folder)
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = server_environment(scratch, port, database)
        print(f"  collecting static files into {scratch / 'static'} ...", flush=True)
        collect = [sys.executable, "-c", COLLECTSTATIC]
        done = subprocess.run(collect, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)  # noqa: S603
        if done.returncode:
            raise Refused(f"collectstatic failed:\n{done.stderr[-3000:]}")
        server_log, locust_log = scratch / "gunicorn.log", scratch / "locust.log"
        gunicorn = [
            sys.executable, "-m", "gunicorn", "mobility.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(args.workers), "--access-logfile", "-",
        ]  # fmt: skip
        with started(gunicorn, env, server_log, grace=35) as server:
            wait_for_health(url, server, server_log)
            print(
                f"  gunicorn ({args.workers} workers) at {url}; {args.users} people sign in, then "
                f"{'each makes every kind of request' if args.smoke else f'{args.duration} s of use'} ...",
                flush=True,
            )
            (scratch / "plan.json").write_text(json.dumps(plan))
            samples = scratch / "samples.json"
            limit = SMOKE_LIMIT if args.smoke else SIGN_IN_LIMIT + args.duration  # locust stops sooner
            locust = [
                sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
                "--run-time", f"{limit}s", "--host", url, "--only-summary",
                "--exit-code-on-error", "0", "--loglevel", "WARNING",
            ]  # fmt: skip
            locust_env = os.environ | {
                "MOBILITY_LOAD_PLAN": str(scratch / "plan.json"),
                "MOBILITY_LOAD_SAMPLES": str(samples),
            }
            with started(locust, locust_env, locust_log, grace=20) as load:
                try:
                    load.wait(timeout=limit + 120)
                except subprocess.TimeoutExpired:
                    raise Refused(f"locust did not stop in time:\n{_tail(locust_log)}") from None
            if load.returncode != 0 or not samples.is_file():
                raise Refused(f"locust failed (exit {load.returncode}):\n{_tail(locust_log)}")
            recording = json.loads(samples.read_text())
            if not recording["samples"]:
                raise Refused(f"No request was made:\n{_tail(locust_log)}")
        server_errors = _tail(server_log, lines=40)
    return recording, {"log_tail": server_errors}


# The figures.

TASK_FAILURE = "task failure"  # the locustfile's name for an exception of the simulation itself


def figure(kind: str, samples: list[list], seconds: float) -> Figure:
    times = [s[3] for s in samples]
    result = Figure(kind, requests=len(samples), errors=sum(1 for s in samples if s[5] is not None))
    if not times:
        return result
    result.throughput_rps = len(samples) / seconds if seconds > 0 else 0.0
    result.median_ms = statistics.median(times)
    result.p95_ms = _percentile(times, 0.95)
    result.p99_ms = _percentile(times, 0.99)
    result.mean_ms = statistics.fmean(times)
    result.max_ms = max(times)
    return result


def _end(sample: list) -> float:
    return sample[2] + sample[3] / 1000


def _by_kind(samples: list[list], seconds: float) -> list[Figure]:
    names = list(KINDS) + sorted({s[0] for s in samples} - set(KINDS))
    return [figure(name, [s for s in samples if s[0] == name], seconds) for name in names]


def _error(sample: list, start: float) -> dict:
    kind, method, at, _ms, status, error, path = sample
    return {"at_s": round(at - start, 2), "kind": kind, "method": method, "path": path, "status": status,
            "error": error}  # fmt: skip


def summarise(recording: dict) -> dict:
    """Figures of the whole run, of the sign-in phase and of the measured part after it."""
    samples = [s for s in recording["samples"] if s[0] != TASK_FAILURE]
    failures = [s for s in recording["samples"] if s[0] == TASK_FAILURE]
    if not samples:
        raise Refused("No request was made.")
    start, end = min(s[2] for s in samples), max(_end(s) for s in samples)
    last_sign_in = max((_end(s) for s in samples if s[0] == "sign-in"), default=start)
    signed_in = recording["moments"].get("signed_in", last_sign_in)
    arriving = [s for s in samples if s[2] < signed_in]
    measured = [s for s in samples if s[2] >= signed_in]
    whole = figure("whole run", samples, end - start)
    whole.errors += len(failures)
    kinds = _by_kind(samples, end - start)
    errors = sorted((s for s in recording["samples"] if s[5] is not None), key=lambda s: s[2])
    return {
        "seconds": end - start,
        "signed_in_s": signed_in - start,
        "whole_run": whole,
        "kinds": [f for f in kinds if f.requests],
        "missing": [f for f in kinds if not f.requests],
        "sign_in_phase": figure("all requests", arriving, signed_in - start),
        "sign_in_kinds": [f for f in _by_kind(arriving, signed_in - start) if f.requests],
        "measured_s": end - signed_in,
        "measured": figure("all requests", measured, end - signed_in),
        "measured_kinds": [f for f in _by_kind(measured, end - signed_in) if f.requests],
        "errors": [_error(sample, start) for sample in errors[:FIRST_ERRORS]],
        "error_counts": Counter(f"{s[0]}: {s[5]}" for s in errors).most_common(10),
        "locust_cpu_percent": recording.get("locust", {}).get("cpu_percent"),
    }


def _ms(value: float) -> str:
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def table(kinds: list[Figure], overall: Figure) -> str:
    columns = ("count", 7), ("errors", 7), ("req/s", 7), ("median ms", 10), ("p95 ms", 8), ("p99 ms", 8)
    header = f"{'request':<28}" + "".join(f" {name:>{width}}" for name, width in columns)
    lines = [header, "-" * len(header)]
    for f in [*kinds, None, overall]:
        if f is None:
            lines.append("-" * len(header))
            continue
        lines.append(
            f"{f.kind[:28]:<28} {f.requests:>7} {f.errors:>7} {f.throughput_rps:>7.1f} "
            f"{_ms(f.median_ms):>10} {_ms(f.p95_ms):>8} {_ms(f.p99_ms):>8}"
        )
    return "\n".join(lines)


def report(args: argparse.Namespace, summary: dict, server: dict) -> None:
    measured, whole = summary["measured"], summary["whole_run"]
    print()
    print(f"Signing in: {args.users} people in {summary['signed_in_s']:.0f} s")
    print(table(summary["sign_in_kinds"], summary["sign_in_phase"]))
    print()
    print(f"Then {summary['measured_s']:.0f} s with everyone signed in")
    print(table(summary["measured_kinds"], measured))
    print()
    if summary["missing"] and args.smoke:
        print(f"Not requested: {', '.join(f.kind for f in summary['missing'])}")
    if summary["errors"]:
        print(f"First errors ({whole.errors} in all):")
        for error in summary["errors"][:10]:
            where = f"{error['method']} {error['path']}".strip()
            print(f"  {error['at_s']:>6.1f} s  {error['kind']}: {where} {error['error']}")
        if server["log_tail"]:
            print("The server's log ends with:")
            print("    " + server["log_tail"].replace("\n", "\n    "))
    locust_cpu = summary["locust_cpu_percent"]
    if locust_cpu is not None and locust_cpu >= LOCUST_CPU_WARNING:
        print(f"Locust used up to {locust_cpu:.0f} % of a core: the clients may have held the pace back.")
    print(
        f"With {args.users} people signed in: {measured.throughput_rps:.1f} requests/s, "
        f"p95 {_ms(measured.p95_ms)} ms. Whole run: {whole.requests} requests in {summary['seconds']:.0f} s, "
        f"{whole.errors} errors (target: none)."
    )


def bench(args: argparse.Namespace) -> tuple[dict, bool]:
    from django.db import connection

    from bench.pages import machine, row_counts

    started_at = time.perf_counter()
    info = machine()
    counts = row_counts()
    database = database_url()
    check_migrated()
    print(
        f"Load test on {info['database']} database {info['database_name']} "
        f"({', '.join(f'{n:,} {what}' for what, n in counts.items())}), {info['cpu_count']} CPUs"
    )
    plan = make_plan(args)
    print(
        f"  {plan['users'] - plan['staff_users']} requesters and {plan['staff_users']} staff from the data, "
        f"think {args.think[0]:g}-{args.think[1]:g} s, {args.spawn_rate:g} started per second"
    )
    recording, server = run(args, plan, database)
    summary = summarise(recording)
    report(args, summary, server)
    cpu = summary["locust_cpu_percent"]
    print(
        f"gunicorn {args.workers} sync workers, {connection.vendor}, locust on the same machine"
        + (f" (up to {cpu:.0f} % of a core)" if cpu is not None else "")
        + f". Done in {time.perf_counter() - started_at:.0f} s."
    )
    whole = summary["whole_run"]
    met = whole.errors == 0
    result = {
        "benchmark": "load",
        "machine": info,
        "data": counts,
        "settings": {
            "users": args.users,
            "requesters": plan["users"] - plan["staff_users"],
            "staff": plan["staff_users"],
            "spawn_rate": args.spawn_rate,
            "duration_s": None if args.smoke else args.duration,
            "think_s": list(args.think),
            "workers": args.workers,
            "seed": args.seed,
            "smoke": args.smoke,
            "server": "gunicorn mobility.wsgi:application (sync workers), DEBUG off, on 127.0.0.1",
            "broker": "Celery filesystem transport in a scratch folder (not consumed)",
            "cache": "file cache in a scratch folder",
        },
        "inputs": {
            "requesters": [a["email"] for a in plan["requesters"]],
            "staff": [a["email"] for a in plan["staff"]],
            "search_words": plan["words"],
            "catalogue_filters": plan["filters"],
            "work_queue_filters": plan["queue_filters"],
            "opportunities": len(plan["opportunities"]),
        },
        # After the last sign-in: the headline figures (throughput, p95).
        "measured": {
            "from_s": round(summary["signed_in_s"], 2),
            "seconds": round(summary["measured_s"], 2),
            "overall": _rounded(asdict(summary["measured"])),
            "kinds": [_rounded(asdict(f)) for f in summary["measured_kinds"]],
        },
        "sign_in_phase": {
            "seconds": round(summary["signed_in_s"], 2),
            "overall": _rounded(asdict(summary["sign_in_phase"])),
            "kinds": [_rounded(asdict(f)) for f in summary["sign_in_kinds"]],
        },
        "whole_run": {"seconds": round(summary["seconds"], 2), "overall": _rounded(asdict(whole))},
        "locust_cpu_peak_percent": summary["locust_cpu_percent"],
        "kinds": [_rounded(asdict(f)) for f in summary["kinds"]],
        "missing_kinds": [f.kind for f in summary["missing"]],
        "errors": summary["errors"],
        "error_counts": summary["error_counts"],
        "target": {"errors": 0},
        "met": met,
    }
    return result, met and not (args.smoke and summary["missing"])


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    _django(args.database_url)
    previous = signal.getsignal(signal.SIGTERM)
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread:
        signal.signal(signal.SIGTERM, _interrupt)  # stop the server and locust on kill as on Ctrl-C
    try:
        result, ok = bench(args)
    except Refused as refusal:
        print(f"Refused: {refusal}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted; the server and locust are stopped.", file=sys.stderr)
        return 130
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"Result written to {args.output}")
    return 0 if ok or args.allow_errors else 1


if __name__ == "__main__":
    sys.exit(main())
