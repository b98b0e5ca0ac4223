"""``manage.py apply_retention [--at ISO-DATETIME]``: the retention pass, synchronously."""

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from enquiries.management.commands.send_reminders import add_moment_argument, parse_moment
from privacy.services import (
    notifications_retention_apply,
    notifications_retention_cutoff,
    retention_apply,
    retention_cutoff,
)


class Command(BaseCommand):
    help = (
        "Anonymise the enquiries closed or withdrawn more than ENQUIRY_RETENTION_DAYS ago and delete "
        "the notifications older than NOTIFICATION_RETENTION_DAYS (as of now, or of --at). Running it "
        "again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_moment_argument(parser)

    def handle(self, *args, at: str | dt.datetime | None = None, **options) -> None:
        moment = parse_moment(at) if at else timezone.now()
        count = retention_apply(now=moment)
        self.stdout.write(
            f"Retention of {settings.ENQUIRY_RETENTION_DAYS} days: anonymised {count} enquiries "
            f"finished before {retention_cutoff(moment).isoformat()}."
        )
        deleted = notifications_retention_apply(now=moment)
        self.stdout.write(
            f"Retention of {settings.NOTIFICATION_RETENTION_DAYS} days: deleted {deleted} notifications "
            f"written before {notifications_retention_cutoff(moment).isoformat()}."
        )
