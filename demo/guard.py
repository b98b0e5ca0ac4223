"""Demo and scale data make accounts with a published password: never on a production site."""

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

FLAG = "--i-know-this-is-not-production"


def add_production_guard(parser: CommandParser) -> None:
    parser.add_argument(
        FLAG,
        dest="not_production",
        action="store_true",
        help="run although DJANGO_DEBUG is off (a trial installation, never a production site)",
    )


def refuse_in_production(*, not_production: bool) -> None:
    """Stop a command that makes accounts with a known password, unless in development or told."""
    if not settings.DEBUG and not not_production:
        raise CommandError(
            "DJANGO_DEBUG is off, so this looks like a production site, and this command makes "
            "accounts with a published password (a site administrator among them). On a trial "
            f"installation that nobody else can reach, run it again with {FLAG}."
        )
