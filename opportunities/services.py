"""Every write to opportunities that carries a rule."""

import datetime as dt
from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Case, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from institutions.models import SustainableDevelopmentGoal

from .facets import forget_unfiltered_counts
from .languages import SEARCH_CONFIGS
from .models import CalendarToken, Opportunity, OpportunityLanguage, SavedOpportunity
from .selectors import can_manage

Status = Opportunity.Status

# Which status may follow which: publishing, closing and archiving, and their undoing.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.PUBLISHED, Status.ARCHIVED},
    Status.PUBLISHED: {Status.CLOSED, Status.ARCHIVED, Status.DRAFT},
    Status.CLOSED: {Status.PUBLISHED, Status.ARCHIVED},
    Status.ARCHIVED: {Status.DRAFT},
}


def deadline_end(opportunity: Opportunity) -> dt.datetime | None:
    """Return the last moment of the deadline day in the host university's time zone."""
    if opportunity.application_deadline is None:
        return None
    day_after = opportunity.application_deadline + dt.timedelta(days=1)
    return dt.datetime.combine(day_after, dt.time.min, tzinfo=opportunity.time_zone) - dt.timedelta(
        microseconds=1
    )


@transaction.atomic
def opportunity_save(
    *,
    opportunity: Opportunity,
    languages: list[str],
    sdgs: Iterable[SustainableDevelopmentGoal | int] | None = None,
    by: User | None,
) -> Opportunity:
    """Validate and store an opportunity with its languages and goals (creation or edit)."""
    if by is not None and opportunity.pk is None:
        opportunity.created_by = by
    opportunity.full_clean(exclude=["sdgs"])
    opportunity.deadline_ends_at = deadline_end(opportunity)
    opportunity.save()
    wanted = set(languages)
    opportunity.languages.exclude(code__in=wanted).delete()
    existing = set(opportunity.languages.values_list("code", flat=True))
    OpportunityLanguage.objects.bulk_create(
        [OpportunityLanguage(opportunity=opportunity, code=code) for code in sorted(wanted - existing)]
    )
    if sdgs is not None:
        opportunity.sdgs.set(sdgs)
    opportunities_refresh_search(Opportunity.objects.filter(pk=opportunity.pk))
    forget_unfiltered_counts()
    return opportunity


@transaction.atomic
def opportunity_transition(*, opportunity: Opportunity, to: str, by: User) -> Opportunity:
    """Publish, close, archive or return an opportunity to draft, if ``by`` manages it."""
    opportunity = (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("host_university")
        .get(pk=opportunity.pk)
    )
    if not can_manage(by, opportunity):
        raise PermissionDenied
    if to not in TRANSITIONS[opportunity.status]:
        raise ValidationError(
            _("A %(current)s opportunity cannot become %(target)s.")
            % {
                "current": opportunity.get_status_display(),
                "target": dict(Status.choices).get(to, to),
            },
            code="invalid_transition",
        )
    opportunity.status = to
    if to == Status.PUBLISHED and opportunity.published_at is None:
        opportunity.published_at = timezone.now()
    opportunity.save(update_fields=["status", "published_at", "updated_at"])
    forget_unfiltered_counts()
    return opportunity


def opportunities_refresh_search(opportunities: QuerySet[Opportunity]) -> None:
    """Recompute the stored full-text search vectors (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    config = Case(
        *[When(text_language=code, then=Value(name)) for code, name in SEARCH_CONFIGS.items()],
        default=Value("simple"),
    )
    opportunities.update(
        search_vector=SearchVector("title", weight="A", config=config)
        + SearchVector("summary", weight="B", config=config)
        + SearchVector("description", weight="C", config=config)
        + SearchVector("title", "summary", "description", weight="D", config="simple")
    )


def saved_opportunity_add(*, user: User, opportunity: Opportunity) -> SavedOpportunity:
    """Save ``opportunity`` for ``user`` (saving twice keeps one)."""
    saved, _created = SavedOpportunity.objects.get_or_create(user=user, opportunity=opportunity)
    return saved


def saved_opportunity_remove(*, user: User, opportunity: Opportunity) -> None:
    SavedOpportunity.objects.filter(user=user, opportunity=opportunity).delete()


def calendar_token_for(*, user: User) -> str:
    """Return the secret of ``user``'s private calendar address, creating it on first use."""
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token.token


@transaction.atomic
def calendar_address_renew(*, user: User) -> str:
    """Give ``user`` a new private calendar address; the previous one, if any, stops working."""
    CalendarToken.objects.filter(user=user).delete()
    return CalendarToken.objects.create(user=user).token


def calendar_address_remove(*, user: User) -> None:
    """Switch off ``user``'s private calendar address."""
    CalendarToken.objects.filter(user=user).delete()
