"""What opportunities keeps about a person (saved opportunities, calendar address): export and erasure."""

from typing import Any

from django.db import transaction

from accounts.models import User
from accounts.redaction import Mentions, redact_rows

from .models import CalendarToken, Opportunity, SavedOpportunity
from .services import opportunities_refresh_search

# Texts a coordinator writes, where a contact person may be named.
TEXT_FIELDS = ["title", "summary", "description", "eligibility", "funding_details"]


def personal_data(user: User) -> dict[str, Any]:
    """``user``'s saved opportunities and whether their private calendar address exists."""
    saved = SavedOpportunity.objects.filter(user=user).select_related("opportunity").order_by("created_at")
    return {
        "saved_opportunities": [
            {
                "title": s.opportunity.title,
                "address": s.opportunity.get_absolute_url(),
                "saved_at": s.created_at,
            }
            for s in saved
        ],
        # The secret itself is left out: the download may be kept less carefully than the account.
        "calendar_address_exists": CalendarToken.objects.filter(user=user).exists(),
    }


@transaction.atomic
def person_erase(*, user: User, mentions: Mentions) -> None:
    """Delete ``user``'s saved opportunities and calendar address; redact their name in opportunity texts."""
    SavedOpportunity.objects.filter(user=user).delete()
    CalendarToken.objects.filter(user=user).delete()
    changed = redact_rows(Opportunity.objects.all(), TEXT_FIELDS, mentions)
    if changed:
        opportunities_refresh_search(Opportunity.objects.filter(pk__in=changed))
