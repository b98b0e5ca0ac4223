"""Filters, alone and combined, agree with direct ORM queries; facet counts with results."""

import datetime as dt
import itertools
import random

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from institutions.models import Alliance, Theme
from opportunities.catalogue import CataloguePaginator, deadline_page
from opportunities.facets import facet_counts
from opportunities.filters import OpportunityFilter
from opportunities.models import AUDIENCE_FIELDS, Opportunity
from opportunities.selectors import catalogue_opportunities
from tests.institutions.factories import AllianceFactory, UniversityFactory
from tests.opportunities.factories import OpportunityFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "fr", "de", "it"]
CITIES = {"FR": ["Poitiers", "Lyon"], "DE": ["Jena"], "IT": ["Pavia"], "PT": ["Coimbra"]}


@pytest.fixture
def catalogue():
    """Forty varied opportunities in two alliances, reproducibly random."""
    rng = random.Random(20261121)  # noqa: S311  (reproducible test data)
    alliances = [
        AllianceFactory(code="ALPHA", slug="alpha"),
        AllianceFactory(code="BETA", slug="beta"),
    ]
    places = [(country, city) for country, cities in CITIES.items() for city in cities]
    universities = [
        UniversityFactory(
            slug=f"u-{country.lower()}-{i}", alliance=alliances[i % 2], country=country, city=city
        )
        for i, (country, city) in enumerate(places)
    ]
    themes = [
        Theme.objects.create(alliance=alliances[0], kind="virtual-institute", name=f"VI {i}", slug=f"vi-{i}")
        for i in range(2)
    ]
    today = timezone.localdate()
    statuses = [Opportunity.Status.PUBLISHED] * 6 + [
        Opportunity.Status.CLOSED,
        Opportunity.Status.DRAFT,
    ]
    for n in range(40):
        host = rng.choice([*universities, None])
        alliance = host.alliance if host else rng.choice(alliances)
        rolling = rng.random() < 0.2
        deadline = None if rolling else today + dt.timedelta(days=rng.randint(-60, 90))
        start = (deadline or today) + dt.timedelta(days=rng.randint(0, 60))
        audiences = rng.sample(list(AUDIENCE_FIELDS.values()), rng.randint(1, 3))
        OpportunityFactory(
            host_university=host,
            alliance=alliance,
            title=f"{'Zanzibar ' if n % 7 == 0 else ''}Programme {n}",
            kind=rng.choice(Opportunity.Kind.values),
            format=rng.choice(Opportunity.Format.values),
            funding=rng.choice(Opportunity.Funding.values),
            **{field: field in audiences for field in AUDIENCE_FIELDS.values()},
            city=host.city if host else "",
            country=host.country if host else "",
            application_deadline=deadline,
            rolling_applications=rolling,
            start_date=start,
            end_date=start + dt.timedelta(days=rng.randint(0, 30)),
            theme=rng.choice([*themes, None]) if alliance == alliances[0] else None,
            status=rng.choice(statuses),
            languages=rng.sample(LANGUAGES, rng.randint(1, 2)),
            sdgs=rng.sample(range(1, 18), rng.randint(0, 3)),
        )
    return catalogue_opportunities()


def _filtered(params: dict) -> set[int]:
    data = QueryDict(mutable=True)
    for key, values in params.items():
        data.setlist(key, values if isinstance(values, list) else [values])
    filterset = OpportunityFilter(data, queryset=catalogue_opportunities())
    assert filterset.is_valid(), filterset.errors
    ids = list(filterset.qs.values_list("pk", flat=True))
    assert len(ids) == len(set(ids)), "a filter duplicated rows"
    return set(ids)


def _expected(params: dict) -> set[int]:
    """The same question asked directly of the ORM."""
    qs = catalogue_opportunities()
    today = timezone.localdate()
    for key, values in params.items():
        values = values if isinstance(values, list) else [values]
        if key == "alliance":
            qs = qs.filter(alliance__slug__in=values)
        elif key == "university":
            qs = qs.filter(host_university__slug__in=values)
        elif key in ("country", "city", "kind", "format", "funding"):
            qs = qs.filter(**{f"{key}__in": values})
        elif key == "theme":
            qs = qs.filter(theme__slug__in=values)
        elif key == "language":
            qs = qs.filter(pk__in=Opportunity.objects.filter(languages__code__in=values).values("pk"))
        elif key == "sdg":
            qs = qs.filter(pk__in=Opportunity.objects.filter(sdgs__number__in=values).values("pk"))
        elif key == "audience":
            ids = {o.pk for o in qs if set(o.audiences) & set(values)}
            qs = qs.filter(pk__in=ids)
        elif key == "open":
            # Deadline today or later (hosts share the test's time zone), or rolling.
            qs = qs.filter(status=Opportunity.Status.PUBLISHED).exclude(
                rolling_applications=False, application_deadline__lt=today
            )
        elif key == "deadline_before":
            qs = qs.filter(application_deadline__lte=values[0])
        elif key == "starts_after":
            qs = qs.filter(start_date__gte=values[0])
        elif key == "q":
            qs = qs.filter(title__icontains=values[0])
    return set(qs.values_list("pk", flat=True))


def _cases() -> list[dict]:
    today = timezone.localdate()
    return [
        {"alliance": "alpha"},
        {"alliance": ["alpha", "beta"]},
        {"university": "u-fr-0"},
        {"university": ["u-fr-0", "u-de-2"]},
        {"country": "FR"},
        {"country": ["FR", "IT"]},
        {"city": "Lyon"},
        {"city": ["Lyon", "Jena"]},
        {"kind": "summer-school"},
        {"kind": ["summer-school", "traineeship", "event"]},
        {"audience": "doctoral"},
        {"audience": ["staff", "academics"]},
        {"format": "virtual"},
        {"format": ["virtual", "blended"]},
        {"language": "fr"},
        {"language": ["fr", "de"]},
        {"sdg": "4"},
        {"sdg": ["3", "11", "16"]},
        {"theme": "vi-0"},
        {"funding": ["funded", "partly-funded"]},
        {"open": "true"},
        {"deadline_before": (today + dt.timedelta(days=20)).isoformat()},
        {"starts_after": (today + dt.timedelta(days=40)).isoformat()},
        {"q": "Zanzibar"},
    ]


@pytest.mark.parametrize("params", _cases(), ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()))
def test_each_filter_returns_what_the_orm_says(catalogue, params):
    assert _filtered(params) == _expected(params)


def test_combined_filters_return_the_intersection(catalogue):
    cases = _cases()
    for first, second, third in itertools.islice(itertools.combinations(cases, 3), 0, None, 37):
        params = {**first, **second, **third}
        assert _filtered(params) == _expected(params), params


def test_filters_hide_drafts_and_archived_ones(catalogue):
    visible = _filtered({})
    assert not Opportunity.objects.filter(pk__in=visible, status__in=["draft", "archived"]).exists()
    assert visible == set(Opportunity.objects.listed().values_list("pk", flat=True))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"country": "FR"},
        {"kind": ["event", "challenge"], "open": "true"},
        {"sdg": "4", "format": "on-site"},
        {"language": ["fr", "de"]},
        {"theme": "vi-0"},
        {"country": ["FR", "DE"], "format": ["on-site", "virtual"], "funding": ["funded", "partly-funded"]},
        {
            "country": ["FR", "IT"],
            "kind": ["event", "challenge", "summer-school"],
            "language": "fr",
            "sdg": "4",
        },
    ],
)
def test_count_per_value_equals_the_results_of_selecting_that_value(catalogue, params):
    data = QueryDict(mutable=True)
    for key, values in params.items():
        data.setlist(key, values if isinstance(values, list) else [values])
    filterset = OpportunityFilter(data, queryset=catalogue_opportunities())
    counts = facet_counts(filterset)
    assert counts.total == filterset.qs.count() == len(_filtered(params))
    facets = counts.facets
    checked = 0
    for facet in facets:
        for value in facet.values:
            assert value.count == len(_filtered({**params, facet.name: value.value})), (
                facet.name,
                value,
            )
            checked += 1
    assert checked >= 10  # values of several facets were checked
    # And no value with results is missing.
    for facet in facets:
        offered = {value.value for value in facet.values if value.count}
        with_results = {v for v in CANDIDATES.get(facet.name, []) if _filtered({**params, facet.name: v})}
        assert with_results <= offered, facet.name


CANDIDATES = {
    "country": [*CITIES, "IL"],
    "city": [city for cities in CITIES.values() for city in cities],
    "kind": Opportunity.Kind.values,
    "format": Opportunity.Format.values,
    "funding": Opportunity.Funding.values,
    "audience": Opportunity.Audience.values,
    "language": LANGUAGES,
    "sdg": [str(n) for n in range(1, 18)],
}


def test_a_theme_slug_of_two_alliances_counts_and_names_both_themes(catalogue):
    beta = Alliance.objects.get(slug="beta")
    theirs = Theme.objects.create(alliance=beta, kind="virtual-institute", name="Beta VI", slug="vi-0")
    listed = set(Opportunity.objects.listed().filter(alliance=beta).values_list("pk", flat=True)[:2])
    Opportunity.objects.filter(pk__in=listed).update(theme=theirs)
    filterset = OpportunityFilter(QueryDict(""), queryset=catalogue_opportunities())
    theme = {v.value: v for v in _facets(filterset)["theme"].values}["vi-0"]
    assert theme.count == len(_filtered({"theme": "vi-0"}))
    assert theme.label == "Beta VI / VI 0"
    assert listed <= _filtered({"theme": "vi-0"})


def test_a_text_search_counts_the_same_as_its_results(catalogue):
    filterset = OpportunityFilter(
        QueryDict("q=Zanzibar&kind=event&kind=challenge"), queryset=catalogue_opportunities()
    )
    counts = facet_counts(filterset)
    assert counts.total == len(_filtered({"q": "Zanzibar", "kind": ["event", "challenge"]}))
    for value in {f.name: f for f in counts.facets}["format"].values:
        assert value.count == len(
            _filtered({"q": "Zanzibar", "kind": ["event", "challenge"], "format": value.value})
        )


def _facets(filterset: OpportunityFilter) -> dict:
    return {facet.name: facet for facet in facet_counts(filterset).facets}


def test_a_value_without_results_is_not_offered_unless_selected(catalogue):
    facets = {
        f.name: f
        for f in facet_counts(
            OpportunityFilter(QueryDict("country=FR&country=IL"), queryset=catalogue_opportunities())
        ).facets
    }
    assert [v.value for v in facets["country"].values if v.value == "IL"] == ["IL"]
    assert all(v.count > 0 for v in facets["kind"].values)


@pytest.mark.parametrize("params", ["kind=nonsense", "deadline_before=31-02-2026", "sdg=18", "language=xx"])
def test_invalid_filter_values_are_reported(catalogue, params):
    filterset = OpportunityFilter(QueryDict(params), queryset=catalogue_opportunities())
    assert not filterset.is_valid()


def test_default_order_puts_open_opportunities_first_by_deadline(catalogue):
    results = list(OpportunityFilter(QueryDict(""), queryset=catalogue_opportunities()).qs)
    open_flags = [o.is_open for o in results]
    assert open_flags == sorted(open_flags, reverse=True)
    deadlines = [o.deadline_ends_at for o in results if o.is_open and not o.rolling_applications]
    assert deadlines == sorted(deadlines)


@pytest.mark.parametrize("ordering", ["title", "newest", "deadline"])
def test_sorting_keeps_the_results(catalogue, ordering):
    assert _filtered({"ordering": ordering}) == _filtered({})


@pytest.mark.parametrize("per_page", [1, 7, 40])
@pytest.mark.parametrize("query", ["", "country=FR&country=IT", "q=Zanzibar&ordering=deadline"])
def test_pages_of_the_deadline_order_follow_the_whole_order(catalogue, per_page, query):
    qs = OpportunityFilter(QueryDict(query), queryset=catalogue_opportunities()).qs
    whole = [o.pk for o in qs.all()]  # iterated: one sort over every row
    groups = {o.is_open for o in Opportunity.objects.filter(pk__in=whole)}
    paginator = CataloguePaginator(qs.all(), per_page)  # a page at a time, group by group
    paged = [o.pk for number in paginator.page_range for o in paginator.page(number)]
    assert paged == whole
    # PostgreSQL reads the pages group by group; SQLite, which cannot, slices the whole order.
    read_by_groups = deadline_page(qs.all(), 0, per_page) is not None
    assert read_by_groups == connection.features.supports_slicing_ordering_in_compound
    assert query or groups == {True, False}
