"""End-to-end tests in headless Chromium against pytest-django's live server.

Every test in this folder is marked ``browser``; deselect them with ``-m "not browser"``.
The browser is the system's Chromium (``/usr/bin/chromium`` or ``$CHROMIUM_PATH``); when it
is missing the tests are skipped, unless ``MOBILITY_REQUIRE_BROWSER=1`` (as in CI) turns the
skip into a failure.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

HERE = Path(__file__).resolve().parent

DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

DEMO_PASSWORD = "demo-password"

WCAG_21_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# URLs with no host of their own: inline data and documents made by the page itself.
LOCAL_SCHEMES = {"data", "blob", "about"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder ``browser`` (before ``-m`` selects)."""
    for item in items:
        if Path(item.path).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM_PATH


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Launch the system's Chromium: never a browser that Playwright downloads."""
    path = chromium_path()
    if not (Path(path).is_file() and os.access(path, os.X_OK)):
        reason = (
            f"Chromium not found at {path} (set CHROMIUM_PATH to the executable of a Chromium-based browser)"
        )
        if os.environ.get("MOBILITY_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}; MOBILITY_REQUIRE_BROWSER=1 requires the browser tests.")
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def demo_live(transactional_db, live_server):
    """The demo alliances and accounts, committed so that the live server sees them."""
    from demo.seed import seed_demo

    return seed_demo(password=DEMO_PASSWORD)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme, parts.netloc


@pytest.fixture
def other_hosts() -> list[str]:
    """Hosts (``host:port``) besides the live server that pages may reach: a local identity provider, say."""
    return []


@pytest.fixture(autouse=True)
def same_host_only(request: pytest.FixtureRequest, other_hosts: list[str]) -> Iterator[list[str]]:
    """Fail the test if a page asks any host other than the live server (or ``other_hosts``) for anything.

    Every request of the browser context is recorded; those bound elsewhere are also
    aborted, so that a test never depends on the network.
    """
    if not {"page", "context"} & set(request.fixturenames):
        yield []
        return
    live_server = request.getfixturevalue("live_server")
    context = request.getfixturevalue("context")
    _, server = _origin(live_server.url)

    def foreign(url: str) -> bool:
        scheme, netloc = _origin(url)
        return scheme not in LOCAL_SCHEMES and netloc != server and netloc not in other_hosts

    elsewhere: list[str] = []

    def record(req) -> None:
        # What another host's own page asks for (the identity provider's style sheet) is its affair;
        # it is blocked all the same.
        try:
            asked_by_other_host = _origin(req.frame.url)[1] in other_hosts
        except Exception:  # a service worker's request has no frame
            asked_by_other_host = False
        if foreign(req.url) and not asked_by_other_host:
            elsewhere.append(req.url)

    def record_websocket(ws) -> None:
        if foreign(ws.url):
            elsewhere.append(ws.url)

    context.on("request", record)
    context.on("page", lambda page: page.on("websocket", record_websocket))
    for page in context.pages:
        page.on("websocket", record_websocket)
    context.route(foreign, lambda route: route.abort("blockedbyclient"))
    yield elsewhere
    assert not elsewhere, f"Requests to hosts other than {server}:\n" + "\n".join(elsewhere)


@pytest.fixture(autouse=True)
def csp_respected(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Fail the test if the Content-Security-Policy blocks anything (inline style or script)."""
    if not {"page", "context"} & set(request.fixturenames):
        yield []
        return
    context = request.getfixturevalue("context")
    violations: list[str] = []

    def record(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            violations.append(message.text)

    context.on("console", record)
    yield violations
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture(scope="session")
def axe_engine() -> Axe:
    return Axe()


def _axe_report(violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) (WCAG 2.1 A/AA):"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"       {line}" for line in summary.splitlines())
    return "\n".join(lines)


@pytest.fixture
def axe(axe_engine: Axe) -> Callable[..., None]:
    """``axe(page)``: assert that the page has no WCAG 2.1 A or AA violation."""

    def check(page, context: str | list | dict | None = None) -> None:
        # Judge the page as shown: after its style sheets, not mid-way through a navigation.
        page.wait_for_load_state("load")
        options = {
            "runOnly": {"type": "tag", "values": WCAG_21_AA_TAGS},
            "resultTypes": ["violations"],
        }
        results = axe_engine.run(page, context=context, options=options)
        violations = results.response["violations"]
        if violations:
            report = _axe_report(violations)
            print(f"{page.url}\n{report}")
            pytest.fail(f"{page.url}\n{report}", pytrace=False)

    return check
