"""The simulated people of the load test: requesters sign in, browse, filter, save and submit; staff
work their queue.

Run by ``bench/load.py``, which starts the server, picks the accounts and the inputs from the data
and writes them to the JSON file named by ``MOBILITY_LOAD_PLAN``; every request is recorded and
written to ``MOBILITY_LOAD_SAMPLES`` when locust quits. Importing this module imports locust,
which monkey-patches the process with gevent: only locust's own process should do it.

Each simulated person signs in through the real form (CSRF token from the page), then repeats
one action after another with a think time between them, chosen at random with the weights
below. Locust quits ``duration`` seconds after the last person has signed in; with ``tour`` in
the plan (``--smoke``), each person first does every action once, in order, and locust quits as
soon as everyone has. Requests are sent as an HTTPS proxy would pass them on
(``X-Forwarded-Proto: https``, ``X-Forwarded-For`` with an address of the person's own).
Redirects are not followed: a redirect is checked and, where a browser would follow it,
requested as the next step. Any answer other than the expected status is an error.
"""

import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import gevent
from locust import FastHttpUser, between, events, task

PLAN = json.loads(Path(os.environ["MOBILITY_LOAD_PLAN"]).read_text())
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
OPPORTUNITY_LINK = re.compile(r'href="/opportunities/([a-z0-9-]+)/"')
ENQUIRY_LINK = re.compile(r'href="/enquiries/([A-Za-z0-9-]+)/"')
NOT_OPPORTUNITIES = {"saved", "manage", "new", "feeds"}
NOT_ENQUIRIES = {"new"}

SUBJECTS = (
    "Question about the learning agreement",
    "Recognition of credits after the exchange",
    "Accommodation during the programme",
    "Language requirements for this opportunity",
)
MESSAGE = (
    "Hello,\n\nI would like to know more about {what}. Which documents do I need, and by when?\n\n"
    "Thank you,\n{name}"
)

_people = itertools.count(1)  # every simulated person, for an address of their own
_recorded: list[list] = []
_moments: dict[str, float] = {}
_arrived: set[int] = set()
_toured: set[int] = set()
_usage_peak: dict[str, float] = {}


@events.request.add_listener
def _record(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", None) or 0
    error = None if exception is None else str(exception)[:300]
    path = ""
    if error is not None:
        url = urlsplit(kwargs.get("url") or "")
        path = url.path + (f"?{url.query}" if url.query else "")
    start = kwargs.get("start_time") or time.time() - response_time / 1000
    _recorded.append([name, request_type, round(start, 4), round(response_time, 2), status, error, path])


@events.user_error.add_listener
def _user_error(user_instance, exception, tb, **_kwargs) -> None:
    # A failure of the simulation itself (not an HTTP answer): counted as an error all the same.
    _recorded.append(["task failure", "-", round(time.time(), 4), 0.0, 0, repr(exception)[:300], ""])


@events.usage_monitor.add_listener
def _usage(environment, cpu_usage: float, **_kwargs) -> None:
    # Locust's own process (one core at most): near 100 %, the clients rather than the server limit.
    _usage_peak["cpu_percent"] = max(_usage_peak.get("cpu_percent", 0.0), cpu_usage)


@events.quitting.add_listener
def _write(environment, **_kwargs) -> None:
    _moments["stopped"] = time.time()
    result = {"samples": _recorded, "moments": _moments, "toured": len(_toured), "locust": _usage_peak}
    Path(os.environ["MOBILITY_LOAD_SAMPLES"]).write_text(json.dumps(result))


def location_of(response) -> str:
    return (response.headers or {}).get("Location") or ""  # no headers without an answer


class Person(FastHttpUser):
    abstract = True
    wait_time = between(*PLAN["think"])
    accounts: list[dict] = []
    numbers: itertools.count
    actions: dict[str, int] = {}  # method name: weight

    def on_start(self) -> None:
        number = next(_people)
        self.number = number
        self.forwarded_for = f"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"
        self.origin = "https://" + urlsplit(self.host).netloc
        self.account = self.accounts[next(self.numbers) % len(self.accounts)]
        seed = f"{PLAN['seed']}-{type(self).__name__}-{self.account['email']}"
        self.rng = random.Random(seed)  # noqa: S311 (reproducible choices, not secrets)
        self.tour = list(self.actions) if PLAN["tour"] else []
        self.prepare()
        try:
            self.sign_in()
        finally:
            self.arrived()

    def prepare(self) -> None:
        """Set up what the person knows before signing in (their account is chosen)."""

    @task
    def step(self) -> None:
        if self.tour:
            action = self.tour.pop(0)
            try:
                getattr(self, action)()
            finally:
                if not self.tour:
                    self.toured()
            return
        names, weights = zip(*self.actions.items(), strict=True)
        getattr(self, self.rng.choices(names, weights)[0])()

    def arrived(self) -> None:
        """Once everyone has signed in (or tried), the measured part lasts ``duration`` seconds."""
        _arrived.add(self.number)
        if len(_arrived) == PLAN["users"]:
            _moments["signed_in"] = time.time()
            if not PLAN["tour"]:
                gevent.spawn_later(PLAN["duration"], self.environment.runner.quit)

    def toured(self) -> None:
        _toured.add(self.number)
        if len(_toured) >= PLAN["users"]:
            gevent.spawn(self.environment.runner.quit)

    # Requests.

    def call(
        self,
        kind: str,
        path: str,
        *,
        form: dict | None = None,
        expect: int = 200,
        location: str | None = None,
        referer: str | None = None,
        accept: str = "text/html",
    ):
        """Send one request named ``kind``; anything but ``expect`` (and ``location``) is an error."""
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.forwarded_for,
            "Accept": accept,
            "Accept-Language": self.account.get("language") or "en",
        }
        if referer:
            headers["Referer"] = self.origin + referer
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin}
        with self.client.request(
            "POST" if form is not None else "GET",
            path,
            name=kind,
            data=body,
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            where = location_of(response)
            if not response.status_code:
                response.failure(f"no answer: {getattr(response, 'error', None)!r}")
            elif response.status_code != expect:
                response.failure(f"answered {response.status_code} {where}".strip() + f", not {expect}")
            elif location is not None and not re.match(location, where):
                response.failure(f"redirected to {where!r}, not {location!r}")
            else:
                response.success()
        return response

    @staticmethod
    def token(response) -> str:
        found = CSRF_INPUT.search(response.text or "")
        return found.group(1) if found else ""

    def sign_in(self) -> None:
        page = self.call("sign-in form", "/accounts/login/")
        form = {"login": self.account["email"], "password": PLAN["password"]}
        form["csrfmiddlewaretoken"] = self.token(page)
        # Anywhere but back to a page of accounts/ (which would mean the sign-in did not happen).
        self.call("sign-in", "/accounts/login/", form=form, expect=302, location=r"/(?!accounts/)")
        self.call("home", "/", referer="/accounts/login/")


class Requester(Person):
    """A student or an academic: mostly browsing the catalogue; sometimes saving, sometimes asking."""

    weight = 1
    accounts = PLAN["requesters"]
    numbers = itertools.count()
    # Roughly as people use the site: mostly reading the catalogue and opportunities.
    actions = {
        "catalogue": 16,
        "catalogue_search": 12,
        "catalogue_filters": 12,
        "catalogue_search_filters": 6,
        "opportunity": 20,
        "save": 4,
        "saved": 3,
        "api_list": 5,
        "my_enquiries": 6,
        "own_enquiry": 5,
        "submit_about_opportunity": 2,
        "submit_general": 1,
        "home": 3,
    }

    def prepare(self) -> None:
        self.slugs = list(PLAN["opportunities"])
        self.references = list(self.account["references"])

    def _filters(self, most: int) -> list[tuple[str, str]]:
        names = sorted(PLAN["filters"])
        chosen = self.rng.sample(names, self.rng.randint(1, min(most, len(names))))
        return [(name, self.rng.choice(PLAN["filters"][name])) for name in chosen]

    def _browse(self, kind: str, query: list[tuple[str, str]]) -> None:
        if self.rng.random() < 0.2:
            query = [*query, ("page", str(self.rng.randint(2, 3)))]
        path = "/opportunities/" + (f"?{urlencode(query)}" if query else "")
        # A page past the last is answered with the last page (200), as Django's get_page does.
        response = self.call(kind, path, referer="/opportunities/")
        found = [
            slug for slug in OPPORTUNITY_LINK.findall(response.text or "") if slug not in NOT_OPPORTUNITIES
        ]
        if found:
            self.slugs = found + self.slugs[: 200 - len(found)]

    def _word(self) -> str:
        return self.rng.choice(PLAN["words"])

    def catalogue(self) -> None:
        self._browse("catalogue", [])

    def catalogue_search(self) -> None:
        self._browse("catalogue search", [("q", self._word())])

    def catalogue_filters(self) -> None:
        self._browse("catalogue filters", self._filters(3))

    def catalogue_search_filters(self) -> None:
        self._browse("catalogue search + filters", [("q", self._word()), *self._filters(2)])

    def _opportunity(self) -> tuple[str, object]:
        slug = self.rng.choice(self.slugs[:40])
        return slug, self.call("opportunity", f"/opportunities/{slug}/", referer="/opportunities/")

    def opportunity(self) -> None:
        self._opportunity()

    def save(self) -> None:
        slug, page = self._opportunity()
        detail = f"/opportunities/{slug}/"
        form = {"csrfmiddlewaretoken": self.token(page), "next": detail}
        self.call("save opportunity", f"{detail}save/", form=form, expect=302, referer=detail)

    def saved(self) -> None:
        self.call("saved opportunities", "/opportunities/saved/", referer="/")

    def api_list(self) -> None:
        query = self._filters(2)
        if self.rng.random() < 0.5:
            query.append(("q", self._word()))
        self.call("API list", f"/api/v1/opportunities/?{urlencode(query)}", accept="application/json")

    def my_enquiries(self) -> None:
        response = self.call("my enquiries", "/enquiries/", referer="/")
        found = [r for r in ENQUIRY_LINK.findall(response.text or "") if r not in NOT_ENQUIRIES]
        if found:
            self.references = list(dict.fromkeys(found + self.references))[:50]

    def own_enquiry(self) -> None:
        if not self.references:
            self.my_enquiries()
        if self.references:
            reference = self.rng.choice(self.references[:10])
            self.call("own enquiry", f"/enquiries/{reference}/", referer="/enquiries/")

    def _submit(self, path: str, form: dict, what: str) -> None:
        page = self.call("enquiry form", path, referer="/")
        form |= {
            "csrfmiddlewaretoken": self.token(page),
            "subject": self.rng.choice(SUBJECTS),
            "message": MESSAGE.format(what=what, name=self.account["name"]),
        }
        sent = self.call(
            "submit enquiry",
            path,
            form=form,
            expect=302,
            location=r"/enquiries/[A-Za-z0-9-]+/$",
            referer=path,
        )
        where = location_of(sent)
        if sent.status_code == 302 and where.startswith("/enquiries/"):
            self.references.insert(0, where.strip("/").split("/")[-1])
            self.call("own enquiry", where, referer=path)

    def submit_about_opportunity(self) -> None:
        slug = self.rng.choice(self.slugs[:40])
        self._submit(f"/enquiries/new/?opportunity={slug}", {"kind": "question"}, "this opportunity")

    def submit_general(self) -> None:
        form = {"alliance": self.account["alliance"], "topic": "general"}
        self._submit("/enquiries/new/", form, "studying at another university of the alliance")

    def home(self) -> None:
        self.call("home", "/")


class Staff(Person):
    """A member of one of the busiest queues: the work queue, filtered, and its enquiries."""

    fixed_count = PLAN["staff_users"]
    accounts = PLAN["staff"]
    numbers = itertools.count()
    actions = {"work_queue": 4, "work_queue_filters": 6, "staff_enquiry": 8}

    def prepare(self) -> None:
        self.references = list(self.account["references"])

    def _queue(self, kind: str, query: list[tuple[str, str]]) -> None:
        path = "/queue/" + (f"?{urlencode(query)}" if query else "")
        response = self.call(kind, path, referer="/queue/")
        found = [r for r in ENQUIRY_LINK.findall(response.text or "") if r not in NOT_ENQUIRIES]
        if found:
            self.references = list(dict.fromkeys(found + self.references))[:100]

    def work_queue(self) -> None:
        self._queue("work queue", [("page", "2")] if self.rng.random() < 0.2 else [])

    def work_queue_filters(self) -> None:
        pool = PLAN["queue_filters"]
        query = [("status", s) for s in self.rng.sample(pool["status"], self.rng.randint(1, 2))]
        if self.rng.random() < 0.5:
            query.append(("kind", self.rng.choice(pool["kind"])))
        if self.rng.random() < 0.4:
            query.append(("assignee", self.rng.choice(pool["assignee"])))
        if self.rng.random() < 0.2:
            query.append(("overdue", "true"))
        query.append(("ordering", self.rng.choice(pool["ordering"])))
        self._queue("work queue filters", query)

    def staff_enquiry(self) -> None:
        if not self.references:
            self.work_queue()
        if self.references:
            reference = self.rng.choice(self.references[:30])
            self.call("enquiry (staff)", f"/enquiries/{reference}/", referer="/queue/")
