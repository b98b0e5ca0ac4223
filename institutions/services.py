from .models import SustainableDevelopmentGoal
from .sdgs import SDG_NAMES


def sustainable_development_goals_ensure() -> None:
    """Make sure the 17 goals exist (a flushed database loses what the migration created)."""
    SustainableDevelopmentGoal.objects.bulk_create(
        [SustainableDevelopmentGoal(number=n) for n in SDG_NAMES], ignore_conflicts=True
    )
