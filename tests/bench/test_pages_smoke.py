"""The page benchmark's smoke mode on the CI preset of the scale data (no timing assertions)."""

import json

import pytest

from enquiries.models import Enquiry, Message
from notifications.models import Notification

pytestmark = pytest.mark.django_db

PAGES = {"floor", "catalogue", "api_list", "opportunity", "work_queue", "enquiry", "submission"}


def test_the_smoke_run_completes_and_records_every_figure(tmp_path, capsys, ci_scale_data):
    from bench.pages import main

    before = (Enquiry.objects.count(), Message.objects.count(), Notification.objects.count())
    output = tmp_path / "pages.json"

    assert main(["--smoke", "--output", str(output)]) == 0

    result = json.loads(output.read_text())
    figures = {figure["name"]: figure for figure in result["figures"]}
    assert set(figures) == PAGES | {"reminders_catch_up", "reminders"}
    for name in PAGES:
        figure = figures[name]
        assert figure["repeat"] == 3
        assert figure["median_ms"] > 0
        assert figure["p95_ms"] >= figure["median_ms"]
        assert figure["queries"] >= 1, name
        if name != "floor":
            assert figure["ratio_median"] > 0
            assert figure["target"]
            assert isinstance(figure["met"], bool)
    for name in ("catalogue", "api_list", "work_queue"):
        assert figures[name]["queries_other_page"] >= 1
    catch_up, hourly = figures["reminders_catch_up"]["details"], figures["reminders"]["details"]
    assert catch_up["enquiries"] == hourly["enquiries"] == before[0]
    assert catch_up["tracemalloc_peak_mib"] > 0
    assert hourly["tracemalloc_peak_mib"] > 0
    # The first pass catches up with every reminder due; an hour later there is far less to send.
    assert catch_up["notifications_written"] > hourly["notifications_written"]
    assert result["machine"]["cpu_count"] >= 1
    assert result["data"]["enquiries"] == before[0]
    # Nothing stays behind: submissions and reminder passes were rolled back.
    assert (Enquiry.objects.count(), Message.objects.count(), Notification.objects.count()) == before
    out = capsys.readouterr().out
    assert "Framework floor" in out
    assert "met?" in out
