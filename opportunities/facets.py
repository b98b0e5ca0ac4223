"""Counts per filter value: how many results each box would give if it alone were ticked.

Each facet is counted over the results of every *other* filter, so that ticking a second
value of the same filter (which widens the results) shows honest numbers.

Every facet and the number of results come from one query, whatever the number of
opportunities: the opportunities that pass the filters outside the facets (words, dates,
open now) are read once, each with a flag per ticked facet (a common table expression), and
each facet counts its values over the rows whose *other* flags hold (``GROUP BY``, joined by
``UNION ALL``).

The counts of the unfiltered catalogue, where everyone lands, are kept in the cache under a
version that every change to an opportunity renews once it is committed
(``forget_unfiltered_counts``, called by the services), so that a visitor never sees counts
older than the last committed change made through them. They expire after ten minutes anyway
(a rename of a university, say, changes a label without a service of this app).
"""

import re
import uuid
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.http import QueryDict
from django_countries import countries

from institutions.models import Alliance, Theme, University

from .filters import RELATED_FACETS, SDG_CHOICES, OpportunityFilter, facet_condition, related_matches
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


@dataclass(frozen=True)
class FacetCounts:
    facets: list[Facet]
    total: int  # the results of every filter


# Facets whose values show in the order of their choices; the others sort by label.
CHOICES = {
    "kind": Opportunity.Kind.choices,
    "audience": Opportunity.Audience.choices,
    "format": Opportunity.Format.choices,
    "sdg": SDG_CHOICES,
    "funding": Opportunity.Funding.choices,
}

# The opportunity's columns the facets read, besides the flags.
COLUMNS = (
    "id", "alliance_id", "host_university_id", "theme_id", "country", "city", "kind", "format",
    "funding", *AUDIENCE_FIELDS.values(),
)  # fmt: skip


def facet_counts(filterset: OpportunityFilter) -> FacetCounts:
    """Return the facets of ``filterset``'s form (values with results, or selected) and its total.

    Values the form refuses are left out, as ``filterset.qs`` leaves them out.
    """
    filterset.is_valid()
    cleaned = filterset.form.cleaned_data
    base = filterset.queryset.order_by()
    others = False  # whether a filter outside the facets (words, dates, open now) is given
    for name, filter_ in filterset.filters.items():
        if name not in OpportunityFilter.FACETS and name != "ordering" and name in cleaned:
            base = filter_.filter(base, cleaned[name])
            others = others or bool(cleaned[name])
    ticked = [name for name in OpportunityFilter.FACETS if cleaned.get(name)]
    if not ticked and not others:
        counts, labels, total = _unfiltered(base)
    elif len(ticked) == 1 and not others:
        # One facet alone: its own values count over the whole catalogue (the cached counts),
        # every other facet over the results only.
        only = ticked[0]
        counts, labels, total = _count(base.filter(facet_condition(only, cleaned[only])).values(*COLUMNS), [])
        everything, their_labels, _ = _unfiltered(base)
        counts[only], labels[only] = everything.get(only, {}), their_labels.get(only, {})
    else:
        few = bool(cleaned.get("q", "").strip())  # words leave a few thousand rows at most
        flags = {f"f_{name}": _flag(name, cleaned[name], few) for name in ticked}
        rows = base.annotate(**flags).values(*COLUMNS, *flags)
        # A row that fails two ticked facets counts nowhere: leave it out before the related
        # rows (languages, goals) are looked up, by keeping rows that fail at most one column.
        columns = [facet_condition(name, cleaned[name]) for name in ticked if name not in RELATED_FACETS]
        if len(columns) > 1:
            rows = rows.filter(
                reduce(or_, (reduce(and_, columns[:i] + columns[i + 1 :]) for i in range(len(columns))))
            )
        counts, labels, total = _count(rows, ticked)

    data = filterset.data if isinstance(filterset.data, QueryDict) else QueryDict()
    facets = []
    for name in OpportunityFilter.FACETS:
        found = counts.get(name, {})
        selected = data.getlist(name)
        if name in CHOICES:
            shown = [(value, str(label)) for value, label in CHOICES[name] if value in found]
        else:
            shown = sorted(
                ((value, _label(name, value, labels.get(name, {}))) for value in found),
                key=lambda item: item[1].casefold(),
            )
        # A selected value keeps its box even when nothing matches it any more.
        shown += [(value, _missing_label(filterset, name, value)) for value in selected if value not in found]
        values = [FacetValue(value, label, found.get(value, 0), value in selected) for value, label in shown]
        facets.append(Facet(name, str(filterset.filters[name].label), values))
    return FacetCounts(facets, total)


def _flag(name: str, value, few: bool) -> ExpressionWrapper:
    """The condition of a ticked facet, as a column of the rows read once.

    A language or goal is a related row. PostgreSQL tests it for many rows by hashing every
    opportunity with that language (tens of milliseconds for the whole catalogue); for the few
    rows that words leave, one index look-up per row is several times faster.
    """
    if few and name in RELATED_FACETS:
        matches = related_matches(name, value).order_by().values("opportunity")
        count = Subquery(matches.annotate(n=Count("*")).values("n"))
        return ExpressionWrapper(Q(GreaterThan(Coalesce(count, 0), 0)), output_field=BooleanField())
    return ExpressionWrapper(facet_condition(name, value), output_field=BooleanField())


def _label(name: str, value: str, labels: dict[str, set[str]]) -> str:
    if name == "country":
        return str(countries.name(value)) or value
    if name == "language":
        return language_name(value)
    # A theme slug may name a theme in each of several alliances: the box ticks them all.
    return " / ".join(sorted(labels[value])) if value in labels else value


def _missing_label(filterset: OpportunityFilter, name: str, value: str) -> str:
    choices = filterset.filters[name].extra.get("choices")
    return str(dict(choices).get(value, value)) if choices else value


def _count(
    rows: QuerySet, ticked: list[str]
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, set[str]]], int]:
    """Run the one query: counts and labels per facet and value, and the total."""
    sql, params = rows.query.sql_with_params()
    branches = [_branch(name, spec, ticked) for name, spec in _branches().items()]
    branches.append(_select("''", "''", source=_source(None, ticked) + " b"))  # the total
    # The results (rows that pass every flag) are read once more, apart: every facet but the
    # ticked ones counts over them alone, not over every row of the other filters.
    hits = ""
    if ticked:  # SQL of this module's own names and flags; every value is a parameter
        hits = f", hits AS (SELECT * FROM base b WHERE {_where(ticked, None, '')})"  # noqa: S608  # nosec B608
    query = f"WITH base AS ({sql}){hits} " + " UNION ALL ".join(branches)
    counts: dict[str, dict[str, int]] = {}
    labels: dict[str, dict[str, set[str]]] = {}
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for facet, value, label, n in cursor.fetchall():
            if facet == "":
                total = n
            elif n and value not in ("", None):
                value = str(value)
                of_facet = counts.setdefault(facet, {})
                of_facet[value] = of_facet.get(value, 0) + n
                if label is not None:
                    labels.setdefault(facet, {}).setdefault(value, set()).add(label)
    return counts, labels, total


def _unfiltered(listed: QuerySet) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, set[str]]], int]:
    """The counts of the whole catalogue, from the cache when no change has committed since."""
    key = f"{UNFILTERED_KEY}:{_version()}"
    found = cache.get(key)
    if found is None:
        found = _count(listed.values(*COLUMNS), [])
        cache.set(key, found, UNFILTERED_SECONDS)
    return found


UNFILTERED_KEY = "opportunities:unfiltered-counts"
UNFILTERED_SECONDS = 600
VERSION_KEY = "opportunities:unfiltered-counts-version"


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def forget_unfiltered_counts() -> None:
    """Renew the version of the cached counts when the current transaction commits.

    A request that read the old version stores its counts under the old key, which nobody
    reads any more; one that reads the new version starts after the commit and sees it.
    """
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))


@dataclass(frozen=True)
class _Spec:
    value: str  # SQL of the value counted
    label: str = "NULL"  # SQL of its label, when the database holds it
    join: str = ""
    condition: str = ""
    group: bool = True
    related: str = ""  # a table of rows per opportunity (``j``), counted for the rows found


def _branches() -> dict[str, _Spec | list[_Spec]]:
    qn = connection.ops.quote_name

    def joined(model, column: str, label: str) -> _Spec:
        table = qn(model._meta.db_table)
        return _Spec("j.slug", f"j.{label}", f"JOIN {table} j ON j.id = b.{column}")

    sdgs = Opportunity.sdgs.through._meta
    return {
        "alliance": joined(Alliance, "alliance_id", "code"),
        "university": joined(University, "host_university_id", "name"),
        "country": _Spec("b.country"),
        "city": _Spec("b.city"),
        "kind": _Spec("b.kind"),
        "audience": [
            _Spec(_literal(audience), condition=f"b.{field}", group=False)
            for audience, field in AUDIENCE_FIELDS.items()
        ],
        "format": _Spec("b.format"),
        "language": _Spec("j.code", related=qn(OpportunityLanguage._meta.db_table)),
        "sdg": _Spec("CAST(j.sustainabledevelopmentgoal_id AS TEXT)", related=qn(sdgs.db_table)),
        "theme": joined(Theme, "theme_id", "name"),
        "funding": _Spec("b.funding"),
    }


def _branch(name: str, spec: _Spec | list[_Spec], ticked: list[str]) -> str:
    if isinstance(spec, list):
        return " UNION ALL ".join(_branch(name, one, ticked) for one in spec)
    grouped = [spec.value] + ([spec.label] if spec.label != "NULL" else [])
    group = f" GROUP BY {', '.join(grouped)}" if spec.group else ""
    source = _source(name, ticked)
    where = _where(ticked, name, spec.condition) if source == "base" else spec.condition or "1 = 1"
    if spec.related:  # the few rows found, looked up in the related table by its index
        found = f"j.opportunity_id IN (SELECT b.id FROM {source} b WHERE {where})"  # noqa: S608  # nosec B608
        return _select(_literal(name), spec.value, where=found, group=group, source=f"{spec.related} j")
    return _select(_literal(name), spec.value, spec.label, spec.join, where, group, source + " b")


def _source(facet: str | None, ticked: list[str]) -> str:
    """A ticked facet counts over the rows of every *other* flag; the others over the results."""
    return "hits" if ticked and facet not in ticked else "base"


def _select(facet: str, value: str, label="NULL", join="", where="1 = 1", group="", source="base b") -> str:
    return (
        f"SELECT {facet}, {value}, CAST({label} AS TEXT), COUNT(*) FROM {source} {join}"  # noqa: S608  # nosec B608
        f" WHERE {where}{group}"
    )


def _where(ticked: list[str], facet: str | None, condition: str) -> str:
    """Every ticked facet's flag but ``facet``'s own, and the branch's ``condition``."""
    parts = [f"b.f_{name}" for name in ticked if name != facet]
    if condition:
        parts.append(condition)
    return " AND ".join(parts) or "1 = 1"


def _literal(word: str) -> str:
    """A constant of the code as an SQL string (facet names and audiences: plain words)."""
    if not re.fullmatch(r"[a-z-]*", word):
        raise ValueError(word)
    return f"'{word}'"
