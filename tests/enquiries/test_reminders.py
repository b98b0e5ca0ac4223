"""The reminder pass (docs/notifications.md), walked day by day through a fortnight with public holidays.

The walk runs ``send_reminders --at`` at 09:00 (Paris) on the 15 days from Monday
2026-04-27 to Monday 2026-05-11, and once at 07:00 on Saturday 2026-05-02. Friday 1 May is
a public holiday in France and Germany, Friday 8 May in France only.
"""

import datetime as dt
import io
import itertools
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from enquiries.models import AuditEntry, Enquiry
from enquiries.reminders import queue_clocks, run_reminders
from enquiries.working_days import latest_start, working_days_between
from notifications.models import Category, Delivery, Notification, Preference
from opportunities.models import SavedOpportunity
from tests.opportunities.factories import OpportunityFactory

PARIS = ZoneInfo("Europe/Paris")
BERLIN = ZoneInfo("Europe/Berlin")
FIRST_DAY = dt.date(2026, 4, 27)
DAYS = [FIRST_DAY + dt.timedelta(days=n) for n in range(15)]
Status = Enquiry.Status
_numbers = itertools.count(1)


def moment(day: dt.date, hour: int = 9, zone: ZoneInfo = PARIS) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)


def make_enquiry(queue, requester, *, status, due, name, **fields) -> Enquiry:
    number = next(_numbers)
    return Enquiry.objects.create(
        reference=f"{queue.alliance.code}-2026-{number:06d}",
        alliance=queue.alliance,
        year=2026,
        number=number,
        requester=requester,
        queue=queue,
        subject=name,
        status=status,
        first_response_due=due,
        created_at=moment(FIRST_DAY - dt.timedelta(days=7)),
        status_changed_at=fields.pop("status_changed_at", moment(FIRST_DAY - dt.timedelta(days=7))),
        **fields,
    )


def reminders_since(last_pk: int, names: dict[int, str]) -> list[tuple[str, str, str]]:
    """The reminders created after ``last_pk``: (stage, what, who), sorted."""
    rows = Notification.objects.filter(pk__gt=last_pk).values_list(
        "event", "object_key", "recipient_id", "dedup_key"
    )
    found = []
    for event, object_key, recipient_id, dedup_key in rows:
        if not (event.startswith("enquiry.reminder_") or event == "opportunity.deadline_reminder"):
            continue
        stage = event.split(".", 1)[1].removeprefix("reminder_")
        if stage == "deadline_reminder":
            stage = f"deadline-{dedup_key.rsplit(':', 1)[1]}"
        found.append((stage, names.get(object_key, object_key), names[recipient_id]))
    return sorted(found)


def last_notification_pk() -> int:
    return Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.fixture
def fortnight(world):
    """Enquiries, saves and preferences that trigger every stage during the walk."""
    w = world
    e = {}
    # Unassigned, target Thursday 30 April (FR): near on Wed 29, passed on Fri 1 May (a holiday),
    # escalated after two French working days, Mon 4 and Tue 5 May.
    e["E1"] = make_enquiry(w.queue_a1, w.outsider, status=Status.NEW, due=dt.date(2026, 4, 30), name="E1")
    # Assigned, target Monday 4 May: "near" on Thursday 30 April, the last working day before it.
    # Answered on the morning of 4 May, so it is never overdue.
    e["E2"] = make_enquiry(
        w.queue_a1, w.outsider, status=Status.OPEN, due=dt.date(2026, 5, 4), name="E2", assignee=w.staff_a1
    )
    # Target Thursday 7 May in Germany and in France: passed on Fri 8 May in both; escalated on
    # Mon 11 May in Germany (8 and 11 May are working days) but not yet in France (8 May is a holiday).
    e["E3"] = make_enquiry(w.queue_a2, w.outsider, status=Status.NEW, due=dt.date(2026, 5, 7), name="E3")
    e["E4"] = make_enquiry(w.queue_a1, w.outsider, status=Status.NEW, due=dt.date(2026, 5, 7), name="E4")
    # Waiting for the requester since Mon 27 April 06:00: nudged 5 days later (in their morning),
    # closed 14 days later.
    e["E6"] = make_enquiry(
        w.queue_a1, w.student_a1, status=Status.WAITING, due=dt.date(2026, 4, 22), name="E6",
        first_response_at=moment(dt.date(2026, 4, 21)), status_changed_at=moment(FIRST_DAY, 6),
    )  # fmt: skip
    # Resolved on Tue 28 April 08:00 (Berlin): closed 7 days later.
    e["E7"] = make_enquiry(
        w.queue_a2, w.student_a2, status=Status.RESOLVED, due=dt.date(2026, 4, 22), name="E7",
        first_response_at=moment(dt.date(2026, 4, 21)),
        status_changed_at=moment(dt.date(2026, 4, 28), 8, BERLIN),
    )  # fmt: skip
    # Deadline Saturday 9 May (host a2, Berlin): reminders on Sat 2 May (7 days) and Fri 8 May (1 day).
    opportunity = OpportunityFactory(
        host_university=w.a2,
        slug="a2-deadline",
        title="Deadline school",
        application_deadline=dt.date(2026, 5, 9),
    )
    for person in (w.student_a1, w.student_a2, w.student_b1):
        SavedOpportunity.objects.create(user=person, opportunity=opportunity)
    # student_b1 has applied (no reminder); student_a2 applied and withdrew (reminders).
    answered = {"first_response_at": moment(dt.date(2026, 4, 21)), "due": dt.date(2026, 6, 30)}
    e["applied"] = make_enquiry(
        w.queue_a2, w.student_b1, status=Status.OPEN, name="applied", kind=Enquiry.Kind.APPLICATION,
        opportunity=opportunity, **answered,
    )  # fmt: skip
    e["withdrawn"] = make_enquiry(
        w.queue_a2, w.student_a2, status=Status.WITHDRAWN, name="withdrawn", kind=Enquiry.Kind.APPLICATION,
        opportunity=opportunity, **answered,
    )  # fmt: skip
    # Daily summaries: staff_a1 chose the digest, coordinator_a2 immediate e-mail; the others keep
    # the default (in-app only), so no summary.
    Preference.objects.create(user=w.staff_a1, category=Category.QUEUE_SUMMARY, delivery=Delivery.DIGEST)
    Preference.objects.create(
        user=w.coordinator_a2, category=Category.QUEUE_SUMMARY, delivery=Delivery.IMMEDIATE
    )
    names = {f"enquiry:{enquiry.pk}": key for key, enquiry in e.items()}
    names[f"opportunity:{opportunity.pk}"] = "deadline school"
    for attribute in ("staff_a1", "coordinator_a1", "coordinator_a2", "office_a", "student_a1", "student_a2"):
        names[getattr(w, attribute).pk] = attribute
    return e, names


SUMMARIES = [("queue_summary", "", "coordinator_a2"), ("queue_summary", "", "staff_a1")]
EXPECTED = {
    dt.date(2026, 4, 27): [],
    dt.date(2026, 4, 28): [],
    dt.date(2026, 4, 29): [("near", "E1", "coordinator_a1"), ("near", "E1", "staff_a1")],
    dt.date(2026, 4, 30): [("near", "E2", "staff_a1")],
    dt.date(2026, 5, 1): [("passed", "E1", "coordinator_a1"), ("passed", "E1", "staff_a1")],
    dt.date(2026, 5, 2): [
        ("deadline-7", "deadline school", "student_a1"),
        ("deadline-7", "deadline school", "student_a2"),
        ("waiting", "E6", "student_a1"),
    ],
    dt.date(2026, 5, 3): [],
    dt.date(2026, 5, 4): [],
    dt.date(2026, 5, 5): [("escalated", "E1", "office_a"), ("resolved_closed", "E7", "student_a2")],
    dt.date(2026, 5, 6): [
        ("near", "E3", "coordinator_a2"),
        ("near", "E4", "coordinator_a1"),
        ("near", "E4", "staff_a1"),
    ],
    dt.date(2026, 5, 7): [],
    dt.date(2026, 5, 8): [
        ("deadline-1", "deadline school", "student_a1"),
        ("deadline-1", "deadline school", "student_a2"),
        ("passed", "E3", "coordinator_a2"),
        ("passed", "E4", "coordinator_a1"),
        ("passed", "E4", "staff_a1"),
    ],
    dt.date(2026, 5, 9): [],
    dt.date(2026, 5, 10): [],
    dt.date(2026, 5, 11): [("escalated", "E3", "office_a"), ("waiting_closed", "E6", "student_a1")],
}


def test_a_fortnight_of_reminders(fortnight, world):
    enquiries, names = fortnight
    sent: dict[dt.date, list] = {}
    for day in DAYS:
        if day == dt.date(2026, 5, 2):
            # Before 08:00 nobody hears of their own affairs: nudges, deadlines and summaries wait.
            last = last_notification_pk()
            call_command("send_reminders", at=moment(day, 7).isoformat(), stdout=io.StringIO())
            assert reminders_since(last, names) == []
        if day == dt.date(2026, 5, 4):
            Enquiry.objects.filter(pk=enquiries["E2"].pk).update(first_response_at=moment(day, 8))
        last = last_notification_pk()
        call_command("send_reminders", at=moment(day).isoformat(), stdout=io.StringIO())
        sent[day] = reminders_since(last, names)
    expected = {day: sorted([*EXPECTED[day], *SUMMARIES]) for day in DAYS}
    assert sent == expected
    # Each reminder exactly once, each under its stage's key.
    keys = list(Notification.objects.filter(event__contains="reminder").values_list("dedup_key", flat=True))
    assert len(keys) == len(set(keys)) == sum(len(v) for v in expected.values())
    e1 = enquiries["E1"].pk
    assert {f"enquiry:{e1}:first-response:near", f"enquiry:{e1}:escalated"} <= set(keys)


def test_automatic_closures_are_audited_as_the_system(fortnight):
    enquiries, _names = fortnight
    for day in DAYS:
        call_command("send_reminders", at=moment(day).isoformat(), stdout=io.StringIO())
    for key in ("E6", "E7"):
        enquiry = Enquiry.objects.get(pk=enquiries[key].pk)
        assert enquiry.status == Status.CLOSED
        assert enquiry.closed_at is not None
        entry = enquiry.audit_entries.get(action=AuditEntry.Action.STATUS)
        assert (entry.actor, entry.new_value) == (None, Status.CLOSED)
    # The others are untouched: E1, E3, E4 are still new, the application still open.
    assert Enquiry.objects.get(pk=enquiries["E4"].pk).status == Status.NEW
    assert Enquiry.objects.get(pk=enquiries["applied"].pk).status == Status.OPEN


@pytest.mark.usefixtures("fortnight")
def test_running_twice_the_same_day_changes_nothing():
    for day in DAYS[:9]:  # up to Tuesday 5 May: an escalation and a closure that day
        call_command("send_reminders", at=moment(day).isoformat(), stdout=io.StringIO())
    before = (
        list(Notification.objects.order_by("pk").values_list("pk", "dedup_key")),
        list(Enquiry.objects.order_by("pk").values_list("pk", "status", "status_changed_at")),
        AuditEntry.objects.count(),
    )
    out = io.StringIO()
    call_command("send_reminders", at=moment(DAYS[8], 15).isoformat(), stdout=out)
    after = (
        list(Notification.objects.order_by("pk").values_list("pk", "dedup_key")),
        list(Enquiry.objects.order_by("pk").values_list("pk", "status", "status_changed_at")),
        AuditEntry.objects.count(),
    )
    assert after == before
    assert "escalated" in out.getvalue()


def test_the_summary_lists_new_overdue_and_waiting(fortnight, world):
    enquiries, _names = fortnight
    run_reminders(moment(dt.date(2026, 5, 1)))
    summary = Notification.objects.get(
        recipient=world.staff_a1, event="enquiry.reminder_queue_summary", dedup_key__endswith="2026-05-01"
    )
    assert summary.email_status == Notification.EmailStatus.PENDING  # its own e-mail, digest chosen or not
    assert "new 2, overdue 1, waiting 1" in summary.subject  # E1 and E4 new, E1 overdue, E6 waiting
    for key in ("E1", "E4", "E6"):
        assert enquiries[key].reference in summary.body_text
        assert enquiries[key].reference in summary.body_html
    assert "/enquiries/" in summary.body_html


def test_reminder_mails_have_reference_date_and_link(fortnight, world):
    enquiries, _names = fortnight
    run_reminders(moment(dt.date(2026, 5, 1)))
    passed = Notification.objects.get(dedup_key=f"enquiry:{enquiries['E1'].pk}:first-response:passed")
    other = Notification.objects.get(
        dedup_key__startswith=f"enquiry:{enquiries['E1'].pk}:first-response:passed:to:"
    )
    assert {passed.recipient, other.recipient} == {world.coordinator_a1, world.staff_a1}
    reference = enquiries["E1"].reference
    assert reference in passed.subject
    assert "April 30, 2026" in passed.body_text
    assert f"/enquiries/{reference}/" in passed.body_text
    assert f"/enquiries/{reference}/" in passed.body_html
    assert passed.category == Category.RESPONSE_REMINDERS


def test_a_new_assignee_does_not_get_a_stage_already_sent(fortnight, world):
    enquiries, _names = fortnight
    run_reminders(moment(dt.date(2026, 5, 1)))
    Enquiry.objects.filter(pk=enquiries["E1"].pk).update(assignee=world.coordinator_a1)
    before = Notification.objects.count()
    run_reminders(moment(dt.date(2026, 5, 1), 12))
    assert Notification.objects.count() == before


def test_central_queues_follow_the_coordinating_university(world):
    world.a2.is_coordinating = True
    world.a2.save()
    clocks = {clock.pk: clock for clock in queue_clocks(moment(dt.date(2026, 5, 8), 23, dt.UTC))}
    assert (clocks[world.central_a.pk].country, clocks[world.central_a.pk].zone) == ("DE", "Europe/Berlin")
    assert clocks[world.central_a.pk].today == dt.date(2026, 5, 9)  # 01:00 in Berlin
    assert (clocks[world.central_b.pk].country, clocks[world.central_b.pk].zone) == ("", "Europe/Brussels")


@pytest.mark.parametrize("country", ["FR", "DE"])
def test_latest_start_is_the_inverse_of_working_days_between(country):
    for end in (FIRST_DAY + dt.timedelta(days=n) for n in range(20)):
        for days in (1, 2, 3):
            cutoff = latest_start(end, days, country)
            assert working_days_between(cutoff, end, country) >= days
            assert working_days_between(cutoff + dt.timedelta(days=1), end, country) < days


def test_the_command_reads_iso_datetimes(db):
    out = io.StringIO()
    call_command("send_reminders", at="2026-05-02T09:00", stdout=out)
    assert "2026-05-02T09:00:00+02:00" in out.getvalue()  # naive: settings.TIME_ZONE
    call_command("send_reminders", at="2026-05-02T07:00:00+00:00", stdout=out)
    assert "2026-05-02T07:00:00+00:00" in out.getvalue()
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("send_reminders", at="next tuesday")


def test_the_pass_needs_an_aware_moment(db):
    with pytest.raises(ValueError, match="aware"):
        run_reminders(dt.datetime(2026, 5, 2, 9))  # noqa: DTZ001


def test_the_celery_task_runs_the_pass(db, monkeypatch):
    from enquiries import tasks

    seen = []
    monkeypatch.setattr(tasks, "run_reminders", lambda at: seen.append(at) or {"x": 0})
    assert tasks.reminders.apply().get() == {"x": 0}
    assert seen[0].tzinfo is not None


def test_the_beat_schedule_runs_the_pass_hourly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["enquiries-reminders"]
    assert entry == {"task": "enquiries.tasks.reminders", "schedule": 3600}


@pytest.mark.django_db
def test_the_benchmark_runs(capsys):
    from bench.reminders import main

    assert main(["--count", "200", "--use-current-database"]) == 0
    out = capsys.readouterr().out
    assert "200 enquiries" in out
    assert "peak" in out
    assert not Enquiry.objects.exists()  # it rolled back what it created
