"""``manage.py seed_scale``: generate the scale data set (README, "Scale data")."""

import datetime as dt
from dataclasses import replace

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from demo.data import DEFAULT_PASSWORD
from demo.guard import add_production_guard, refuse_in_production
from demo.scale import PRESETS, ScaleDataError, seed_scale, sizes_for

SIZE_OPTIONS = {
    "alliances": "alliances",
    "universities": "member universities, dealt to the alliances",
    "people": "people: queue staff, requesters and outsiders",
    "opportunities": "opportunities",
    "enquiries": "enquiries",
    "messages": "messages in all the enquiries' threads (at least one per enquiry)",
    "saved": "saved opportunities",
    "notifications": "notifications (acknowledgements and queue notices of the latest enquiries)",
}


def _moment(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--at must be an ISO 8601 date and time, not {value!r}.") from None
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


class Command(BaseCommand):
    help = (
        "Generate a large, realistic, reproducible data set (73 alliances, 650 universities, 300,000 "
        "people, 100,000 opportunities, 1,000,000 enquiries with 3,000,000 messages by default) with "
        "bulk inserts. Refuses a database that already holds scale data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_production_guard(parser)
        parser.add_argument(
            "--preset",
            choices=sorted(PRESETS),
            default="default",
            help="sizes to start from: 'default' (the whole initiative) or 'ci' (a few seconds)",
        )
        for name, what in SIZE_OPTIONS.items():
            parser.add_argument(f"--{name}", type=int, metavar="N", help=f"how many {what}")
        parser.add_argument(
            "--messages-per-enquiry",
            type=float,
            metavar="X",
            help="set --messages to X times --enquiries",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed: the same seed gives the same data"
        )
        parser.add_argument(
            "--at",
            metavar="ISO-DATETIME",
            help="the moment the data describes (default: now); with the same --seed, the same data",
        )
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"password of every generated person (default: {DEFAULT_PASSWORD})",
        )

    def handle(self, *args, **options) -> None:
        refuse_in_production(not_production=options["not_production"])
        sizes = sizes_for(options["preset"], **{name: options[name] for name in SIZE_OPTIONS})
        if options["messages_per_enquiry"] is not None:
            sizes = replace(sizes, messages=round(sizes.enquiries * options["messages_per_enquiry"]))
        at = _moment(options["at"]) if options["at"] else timezone.now()
        self.stdout.write(
            f"Generating scale data on {connection.vendor} database {connection.settings_dict['NAME']} "
            f"(seed {options['seed']}, as at {at.isoformat(timespec='seconds')}):"
        )
        for name in SIZE_OPTIONS:
            self.stdout.write(f"  {name:<14} {getattr(sizes, name):>12,}")
        try:
            result = seed_scale(
                sizes=sizes,
                seed=options["seed"],
                at=at,
                password=options["password"],
                report=self.stdout.write,
            )
        except ScaleDataError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Scale data ready in {result.total_seconds:.1f} s."))
        if result.busiest_queue_member:
            self.stdout.write(
                f"Busiest queue: {result.busiest_queue}; one of its members: {result.busiest_queue_member} "
                f"(every generated person's password: {options['password']})."
            )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
                self.stdout.write(f"Database size: {cursor.fetchone()[0]}.")
