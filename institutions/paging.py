"""Pages of long lists whose total is known before the page is read, each page read its own way."""

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class KnownCountPaginator(Paginator):
    """Django's paginator, given the total when the page has counted it already.

    A list page that counts its facets or statuses knows how many rows match; told so, the
    paginator makes no ``COUNT(*)`` of its own. Subclasses read a page's rows their own way
    (``rows``); by default, a slice of the list.
    """

    object_list: QuerySet[Any]

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, count: int | None = None):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count if self._known_count is not None else super().count

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return Page(self.rows(bottom, top) if top > bottom else [], number, self)

    def rows(self, start: int, stop: int) -> QuerySet[Any] | Sequence[Any]:
        """Rows ``start`` to ``stop`` of the list (``stop`` > ``start``)."""
        return self.object_list[start:stop]
