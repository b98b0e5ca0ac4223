"""A page of the catalogue: its opportunities in the catalogue's order, and how many there are.

The default order (``OpportunityQuerySet.by_deadline``) puts each opportunity in one of three
groups (open, rolling, the rest), then by deadline and title. Sorting every listed opportunity
for each page would read them all; on PostgreSQL ``deadline_page`` instead reads the page's
keys from each group in the order of an index (``opp_listed_deadline``,
``opp_rolling_deadline``), stopping after the page, and then the page's rows.
``CataloguePaginator`` pages that way, and takes the total when it is known already (the
facet counts find it), so that a page makes no ``COUNT(*)`` of its own.
"""

from django.db import connections, models
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination

from institutions.paging import KnownCountPaginator

from .models import DEADLINE_ORDER, Opportunity

GROUP = "deadline_group"


def _group_conditions(queryset: QuerySet[Opportunity]) -> list[models.Q] | None:
    """The conditions of the three groups, if ``queryset`` is in the deadline order; else None."""
    group = queryset.query.annotations.get(GROUP)
    if not isinstance(group, models.Case) or tuple(queryset.query.order_by[:1]) != (GROUP,):
        return None
    return [when.condition for when in group.cases]


def deadline_page(queryset: QuerySet[Opportunity], start: int, stop: int) -> list[Opportunity] | None:
    """Rows ``start`` to ``stop`` (past ``start``) of ``queryset`` in the deadline order, by group.

    None when the queryset is not in that order, or the database cannot order the parts of a
    ``UNION`` (SQLite): the caller slices it as usual then.
    """
    conditions = _group_conditions(queryset)
    if conditions is None or not connections[queryset.db].features.supports_slicing_ordering_in_compound:
        return None
    plain = queryset.order_by()
    keys = [
        plain.filter(condition)
        .annotate(**{GROUP: models.Value(n)})
        .order_by(*DEADLINE_ORDER)
        .values_list(GROUP, "deadline_ends_at", "title", "id")[:stop]
        for n, condition in enumerate(conditions)
    ]
    page = keys[0].union(*keys[1:], all=True).order_by(GROUP, "deadline_ends_at", "title", "id")
    ids = [key[-1] for key in page[start:stop]]
    rows = plain.in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


class CataloguePaginator(KnownCountPaginator):
    """Pages of the catalogue, reading the deadline order group by group."""

    def rows(self, start: int, stop: int) -> QuerySet[Opportunity] | list[Opportunity]:
        rows = deadline_page(self.object_list, start, stop)
        return self.object_list[start:stop] if rows is None else rows


class CataloguePagination(PageNumberPagination):
    """The API's pages, read as the catalogue page reads them."""

    django_paginator_class = CataloguePaginator
