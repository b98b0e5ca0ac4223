from django.core.management.base import BaseCommand, CommandParser

from demo.data import DEFAULT_PASSWORD
from demo.guard import add_production_guard, refuse_in_production
from demo.seed import seed_demo
from opportunities.models import Opportunity


class Command(BaseCommand):
    help = "Load the demo alliances, universities, queues, accounts and opportunities (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_production_guard(parser)
        parser.add_argument(
            "--password",
            help=f"Password of the demo accounts (default: {DEFAULT_PASSWORD}). "
            "Given explicitly, it also resets existing demo accounts to it.",
        )

    def handle(self, *args, password: str | None = None, **options) -> None:
        refuse_in_production(not_production=options["not_production"])
        accounts = seed_demo(password=password or DEFAULT_PASSWORD, reset_password=password is not None)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {len(accounts)} accounts."))
        width = max(len(a.email) for a in accounts)
        for account in accounts:
            self.stdout.write(f"  {account.email.ljust(width)}  {account.role}")
        self.stdout.write(f"Password for every demo account: {password or DEFAULT_PASSWORD}")
        self.stdout.write(f"{Opportunity.objects.count()} opportunities.")
