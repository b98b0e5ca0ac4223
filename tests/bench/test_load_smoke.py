"""The load test's smoke mode: gunicorn and locust on the CI preset of the scale data (no timings)."""

import json
import sys

import pytest

from enquiries.models import Enquiry

# Committed data: the server's processes read the test database through connections of their own
# (a file on SQLite: see tests/conftest.py).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def scale_hashers(settings) -> None:
    # The server checks passwords with the installation's hashers, not the suite's fast one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def test_the_smoke_run_makes_every_kind_of_request_without_errors(tmp_path, settings, capsys, ci_scale_data):
    from bench.load import KINDS, main

    before = Enquiry.objects.count()
    output = tmp_path / "load.json"

    # Two workers rather than three: each boots Django (seconds of CPU), and two still serve
    # concurrently, which on SQLite means two processes writing to one file.
    assert main(["--smoke", "--output", str(output), "--workers", "2"]) == 0

    result = json.loads(output.read_text())
    assert result["benchmark"] == "load"
    assert result["settings"]["users"] == result["settings"]["requesters"] + result["settings"]["staff"]
    assert result["settings"]["staff"] >= 1
    assert result["errors"] == []
    assert result["met"] is True
    assert result["missing_kinds"] == []
    kinds = {figure["kind"]: figure for figure in result["kinds"]}
    assert set(kinds) == set(KINDS)
    for kind, figure in kinds.items():
        assert figure["requests"] >= 1, kind
        assert figure["errors"] == 0, kind
        assert 0 < figure["median_ms"] <= figure["p95_ms"] <= figure["p99_ms"] <= figure["max_ms"], kind
    whole = result["whole_run"]["overall"]
    assert whole["requests"] == sum(figure["requests"] for figure in kinds.values())
    assert whole["errors"] == 0
    assert whole["throughput_rps"] > 0
    assert result["whole_run"]["seconds"] > 0
    assert {f["kind"] for f in result["sign_in_phase"]["kinds"]} >= {"sign-in form", "sign-in"}
    measured = result["measured"]["overall"]
    assert measured["requests"] >= 1
    assert measured["p95_ms"] >= measured["median_ms"] > 0
    assert result["data"]["enquiries"] == before
    # The submissions went through the real form into this database.
    assert Enquiry.objects.count() - before == kinds["submit enquiry"]["requests"]
    # Locust (and gevent's monkey-patching) stayed in a process of its own.
    assert "gevent" not in sys.modules
    out = capsys.readouterr().out
    assert "requests/s" in out
    assert "p95" in out
