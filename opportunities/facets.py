"""Counts per filter value: how many results each box would give if it alone were ticked.

Each facet is counted over the results of every *other* filter, so that ticking a second
value of the same filter (which widens the results) shows honest numbers. One query per
facet, whatever the number of opportunities.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django_countries import countries

from institutions.sdgs import SDG_NAMES

from .filters import OpportunityFilter
from .languages import language_name
from .models import AUDIENCE_FIELDS, Opportunity, OpportunityLanguage


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]


def facet_counts(filterset: OpportunityFilter) -> list[Facet]:
    """Return the facets of ``filterset``'s form, values with results (or selected) only."""
    data = filterset.data if isinstance(filterset.data, QueryDict) else QueryDict(mutable=True)
    facets = []
    for name in OpportunityFilter.FACETS:
        others = data.copy()
        others.pop(name, None)
        others.pop("ordering", None)
        base = OpportunityFilter(others, queryset=filterset.queryset).qs.order_by()
        selected = data.getlist(name)
        counts = _COUNTERS[name](base)
        labels = dict(counts.labels)
        # A selected value keeps its box even when nothing matches it any more.
        labels |= {value: _label(filterset, name, value) for value in selected if value not in labels}
        values = [
            FacetValue(value, label, counts.get(value, 0), value in selected)
            for value, label in labels.items()
            if counts.get(value, 0) or value in selected
        ]
        facets.append(Facet(name, str(filterset.filters[name].label), values))
    return facets


def _label(filterset: OpportunityFilter, name: str, value: str) -> str:
    if name == "country":
        return str(countries.name(value)) or value
    choices = getattr(filterset.filters[name].extra, "get", lambda *_: None)("choices")
    return str(dict(choices).get(value, value)) if choices else value


class _Counts(dict):
    """Counts by value, with the labels in display order."""

    def __init__(self, counts: dict[str, int], labels: list[tuple[str, str]]) -> None:
        super().__init__(counts)
        self.labels = labels


def _by_field(field: str, label_field: str | None = None):
    def count(base: QuerySet[Opportunity]) -> _Counts:
        fields = [field, label_field] if label_field else [field]
        rows = base.exclude(**{f"{field}__isnull": True}).values(*fields).annotate(n=Count("pk")).order_by()
        counts = {str(r[field]): r["n"] for r in rows if r[field] != ""}
        labels = {str(r[field]): str(r[label_field]) if label_field else str(r[field]) for r in rows}
        return _Counts(counts, sorted(labels.items(), key=lambda item: item[1].casefold()))

    return count


def _by_choices(field: str, choices):
    def count(base: QuerySet[Opportunity]) -> _Counts:
        rows = base.values(field).annotate(n=Count("pk")).order_by()
        return _Counts({r[field]: r["n"] for r in rows}, [(v, str(label)) for v, label in choices])

    return count


def _countries(base: QuerySet[Opportunity]) -> _Counts:
    rows = base.exclude(country="").values("country").annotate(n=Count("pk")).order_by()
    counts = {r["country"]: r["n"] for r in rows}
    labels = sorted(((code, str(countries.name(code))) for code in counts), key=lambda item: item[1])
    return _Counts(counts, labels)


def _audiences(base: QuerySet[Opportunity]) -> _Counts:
    totals = base.aggregate(**{a: Count("pk", filter=Q(**{f: True})) for a, f in AUDIENCE_FIELDS.items()})
    return _Counts(totals, [(a.value, str(a.label)) for a in Opportunity.Audience])


def _languages(base: QuerySet[Opportunity]) -> _Counts:
    rows = (
        OpportunityLanguage.objects.filter(opportunity__in=base.values("pk"))
        .values("code")
        .annotate(n=Count("opportunity"))
        .order_by()
    )
    counts = {r["code"]: r["n"] for r in rows}
    return _Counts(counts, sorted(((c, language_name(c)) for c in counts), key=lambda item: item[1]))


def _sdgs(base: QuerySet[Opportunity]) -> _Counts:
    through = Opportunity.sdgs.through
    rows = (
        through.objects.filter(opportunity__in=base.values("pk"))
        .values("sustainabledevelopmentgoal")
        .annotate(n=Count("opportunity"))
        .order_by()
    )
    counts = {str(r["sustainabledevelopmentgoal"]): r["n"] for r in rows}
    return _Counts(counts, [(str(n), f"{n}. {name}") for n, name in SDG_NAMES.items()])


_COUNTERS = {
    "alliance": _by_field("alliance__slug", "alliance__code"),
    "university": _by_field("host_university__slug", "host_university__name"),
    "country": _countries,
    "city": _by_field("city"),
    "kind": _by_choices("kind", Opportunity.Kind.choices),
    "audience": _audiences,
    "format": _by_choices("format", Opportunity.Format.choices),
    "language": _languages,
    "sdg": _sdgs,
    "theme": _by_field("theme__slug", "theme__name"),
    "funding": _by_choices("funding", Opportunity.Funding.choices),
}
