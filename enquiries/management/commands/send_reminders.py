"""``manage.py send_reminders [--at ISO-DATETIME]``: the reminder pass, synchronously."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from enquiries.reminders import run_reminders


def parse_moment(value: str | dt.datetime) -> dt.datetime:
    """An ISO 8601 date and time (or a datetime from ``call_command``); naive means settings.TIME_ZONE."""
    try:
        moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            f"--at must be an ISO 8601 date and time such as 2026-05-04T09:00 or "
            f"2026-05-04T09:00+02:00, not {value!r}."
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def add_moment_argument(parser: CommandParser) -> None:
    """``--at``: run a pass as of another moment (``parse_moment`` reads it)."""
    parser.add_argument(
        "--at",
        metavar="ISO-DATETIME",
        help="Run the pass as of this moment (default: now); without an offset, in TIME_ZONE.",
    )


class Command(BaseCommand):
    help = (
        "Send the reminders, escalations and automatic closures due now (or at --at), then the "
        "daily digests. Running it again sends nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_moment_argument(parser)

    def handle(self, *args, at: str | dt.datetime | None = None, **options) -> None:
        moment = parse_moment(at) if at else timezone.now()
        counts = run_reminders(moment)
        self.stdout.write(f"Reminder pass at {moment.isoformat()}:")
        width = max(len(name) for name in counts)
        for name, count in counts.items():
            self.stdout.write(f"  {name.ljust(width)}  {count}")
