"""The demo's MyAcademicID (make run): its identities fit the demo universities, and it answers."""

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from demo.data import ALLIANCES
from demo.identity_provider import DEMO_IDENTITIES
from tests.notifications.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_every_demo_identity_names_a_demo_university_as_home_organisation():
    schac_codes = {u.schac_code for alliance in ALLIANCES for u in alliance.universities}
    assert {claims["schac_home_organization"] for claims in DEMO_IDENTITIES.values()} <= schac_codes


def test_make_run_starts_the_demo_provider_where_the_hub_looks_for_it():
    procfile = (ROOT / "Procfile.dev").read_text()
    makefile = (ROOT / "Makefile").read_text()
    assert "-m demo.identity_provider --host 127.0.0.1 --port 9400" in procfile
    assert "MYACADEMICID_SERVER_URL ?= http://127.0.0.1:9400" in makefile


def test_the_demo_provider_publishes_its_discovery_document_on_loopback():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "demo.identity_provider", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/.well-known/openid-configuration"
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    document = answer.read().decode()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert f'"issuer": "http://127.0.0.1:{port}"' in document
    finally:
        server.terminate()
        server.wait(timeout=10)
