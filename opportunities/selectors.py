"""Reads with rules: what a person may see and manage, and the catalogue's facets."""

from django.contrib.auth.models import AnonymousUser
from django.core.validators import slug_re
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.selectors import roles_of

from .models import CalendarToken, Opportunity, SavedOpportunity


def catalogue_opportunities() -> QuerySet[Opportunity]:
    """Listed opportunities with what a card shows (the API adds languages and goals)."""
    return Opportunity.objects.listed().select_related("alliance", "host_university", "theme")


def managed_opportunities(user: User) -> QuerySet[Opportunity]:
    """Opportunities ``user`` may edit: their universities', or their alliance's for the office."""
    roles = roles_of(user)
    if not roles.is_staff_of_any:
        return Opportunity.objects.none()
    return Opportunity.objects.filter(
        Q(host_university_id__in=roles.coordinated_university_ids)
        | Q(alliance_id__in=roles.central_office_alliance_ids)
    )


def can_manage(user: User, opportunity: Opportunity) -> bool:
    roles = roles_of(user)
    return (
        opportunity.host_university_id in roles.coordinated_university_ids
        or opportunity.alliance_id in roles.central_office_alliance_ids
    )


def opportunity_for_reader(user: User | AnonymousUser, slug: str) -> Opportunity:
    """Return the opportunity a person may read: listed ones, and any they manage."""
    if not slug_re.match(slug):  # e.g. ``?opportunity=`` holding what no slug holds, such as NUL
        raise Http404
    opportunity = (
        Opportunity.objects.select_related("alliance", "host_university", "theme")
        .prefetch_related("sdgs", "languages")
        .filter(slug=slug)
        .first()
    )
    if opportunity is None:
        raise Http404
    if opportunity.status in (Opportunity.Status.PUBLISHED, Opportunity.Status.CLOSED):
        return opportunity
    if user.is_authenticated and can_manage(user, opportunity):
        return opportunity
    raise Http404


def managed_opportunity(user: User, slug: str) -> Opportunity:
    """Return an opportunity ``user`` manages, or 404 (never 403: slugs of drafts do not leak)."""
    opportunity = (
        managed_opportunities(user).select_related("host_university", "alliance").filter(slug=slug).first()
    )
    if opportunity is None:
        raise Http404
    return opportunity


def saved_ids(user: User, opportunity_ids: list[int]) -> set[int]:
    """Return which of the given opportunities ``user`` has saved."""
    if not user.is_authenticated or not opportunity_ids:
        return set()
    return set(
        SavedOpportunity.objects.filter(user=user, opportunity_id__in=opportunity_ids).values_list(
            "opportunity_id", flat=True
        )
    )


def saved_opportunities(user: User) -> QuerySet[Opportunity]:
    """``user``'s saved opportunities that are still listed, deadline soonest first."""
    return (
        catalogue_opportunities()
        .filter(saves__user=user)
        .order_by("rolling_applications", "deadline_ends_at", "title")
    )


def calendar_token_of(user: User) -> str | None:
    """The secret of ``user``'s private calendar address, if they have one."""
    return CalendarToken.objects.filter(user=user).values_list("token", flat=True).first()
