"""The catalogue's filters (docs/catalogue.md), shared by the HTML page, the API and the feeds."""

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.validators import ProhibitNullCharactersValidator
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters import fields as filter_fields
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from institutions.models import Alliance, Theme, University
from institutions.sdgs import SDG_NAMES

from .languages import LANGUAGE_CHOICES, search_config
from .models import AUDIENCE_FIELDS, Opportunity, OpportunityLanguage

SDG_CHOICES = [(str(n), f"{n}. {name}") for n, name in SDG_NAMES.items()]


# Free text holds no NUL: Django's form fields refuse it (PostgreSQL cannot compare it), and the
# API's schema says so.
NO_NUL = r"^[^\x00]*$"


class AnyValueField(forms.MultipleChoiceField):
    """A repeated parameter whose values are free text (cities)."""

    max_length = 100

    def validate(self, value: list[str]) -> None:
        super().validate(value)
        for text in value:
            ProhibitNullCharactersValidator()(text)

    def valid_value(self, value: str) -> bool:
        return len(value) <= self.max_length


@extend_schema_field({"type": "string", "maxLength": AnyValueField.max_length, "pattern": NO_NUL})
class AnyValueFilter(filters.MultipleChoiceFilter):
    field_class = AnyValueField


class LongChoiceField(filter_fields.MultipleChoiceField):
    """A choice among many that never change (countries): each request's form shares them."""

    def __deepcopy__(self, memo):
        memo[id(self._choices)] = self._choices  # not copied, tuple by tuple, on every request
        return super().__deepcopy__(memo)


class LongChoiceFilter(filters.MultipleChoiceFilter):
    field_class = LongChoiceField


@extend_schema_field({"type": "string", "maxLength": 200, "pattern": NO_NUL})
class SearchFilter(filters.CharFilter):
    """Words to look for: at most 200 characters."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, max_length=200, **kwargs)


@extend_schema_field({"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"})
class SlugFilter(filters.ModelMultipleChoiceFilter):
    """Objects named by their slug in the query string (``?alliance=ec2u&alliance=trumotion``)."""


def facet_condition(name: str, value) -> Q | Exists:
    """The condition of one facet filter with its cleaned ``value`` (several values: any of them).

    One place for the rule, used by the filters and by the facet counts (``facets.py``). Slug
    filters hold the objects their slugs name (a theme slug can name one theme per alliance).
    """
    if name in SLUG_FACETS:
        return Q(**{f"{SLUG_FACETS[name]}__in": [obj.pk for obj in value]})
    if name == "audience":
        condition = Q()
        for audience in value:
            condition |= Q(**{AUDIENCE_FIELDS[audience]: True})
        return condition
    if name in RELATED_FACETS:
        return Exists(related_matches(name, value))
    return Q(**{f"{name}__in": value})  # a column of the opportunity: country, city, kind, ...


def related_matches(name: str, value: list[str]) -> QuerySet:
    """The rows of a related facet that match ``value``, for the opportunity of the outer query."""
    if name == "language":
        return OpportunityLanguage.objects.filter(opportunity=OuterRef("pk"), code__in=value)
    return Opportunity.sdgs.through.objects.filter(
        opportunity=OuterRef("pk"), sustainabledevelopmentgoal__in=[int(v) for v in value]
    )


# Facets named by the slug of a related object, and the opportunity's column holding its id.
SLUG_FACETS = {"alliance": "alliance_id", "university": "host_university_id", "theme": "theme_id"}
# Facets whose values are rows of their own, several per opportunity.
RELATED_FACETS = ("language", "sdg")


class Ordering:
    DEADLINE = "deadline"
    NEWEST = "newest"
    TITLE = "title"
    RELEVANCE = "relevance"
    CHOICES = [
        (DEADLINE, _("Deadline, soonest first")),
        (NEWEST, _("Newest first")),
        (TITLE, _("Title")),
        (RELEVANCE, _("Best match")),
    ]


class OpportunityFilter(filters.FilterSet):
    q = SearchFilter(method="filter_text", label=_("Search"))
    alliance = SlugFilter(
        method="filter_facet",
        queryset=Alliance.objects.all(),
        to_field_name="slug",
        label=_("Alliance"),
    )
    university = SlugFilter(
        method="filter_facet",
        queryset=University.objects.all(),
        to_field_name="slug",
        label=_("Host university"),
    )
    country = LongChoiceFilter(choices=list(countries), method="filter_facet", label=_("Country"))
    city = AnyValueFilter(method="filter_facet", label=_("City"))
    kind = filters.MultipleChoiceFilter(
        choices=Opportunity.Kind.choices, method="filter_facet", label=_("Kind")
    )
    audience = filters.MultipleChoiceFilter(
        choices=Opportunity.Audience.choices, method="filter_facet", label=_("For")
    )
    format = filters.MultipleChoiceFilter(
        choices=Opportunity.Format.choices, method="filter_facet", label=_("Format")
    )
    language = LongChoiceFilter(choices=LANGUAGE_CHOICES, method="filter_facet", label=_("Language"))
    sdg = filters.MultipleChoiceFilter(
        choices=SDG_CHOICES, method="filter_facet", label=_("Sustainable development goal")
    )
    theme = SlugFilter(
        method="filter_facet",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        label=_("Virtual institute or theme"),
    )
    funding = filters.MultipleChoiceFilter(
        choices=Opportunity.Funding.choices, method="filter_facet", label=_("Funding")
    )
    open = filters.BooleanFilter(method="filter_open", label=_("Open for applications now"))
    deadline_before = filters.DateFilter(
        field_name="application_deadline", lookup_expr="lte", label=_("Deadline on or before")
    )
    starts_after = filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("Starts on or after")
    )
    ordering = filters.ChoiceFilter(
        choices=Ordering.CHOICES, method="filter_ordering", label=_("Sort by"), empty_label=None
    )

    class Meta:
        model = Opportunity
        fields: list[str] = []

    # Facets: the filters whose values are counted for the current results.
    FACETS = (
        "alliance", "university", "country", "city", "kind", "audience", "format", "language",
        "sdg", "theme", "funding",
    )  # fmt: skip

    def filter_queryset(self, queryset: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("ordering"):
            queryset = self.filter_ordering(queryset, "ordering", None)
        return queryset

    def filter_text(self, queryset: QuerySet[Opportunity], name: str, value: str) -> QuerySet[Opportunity]:
        value = value.strip()
        if not value:
            return queryset
        if connection.vendor == "postgresql":
            query = SearchQuery(value, search_type="websearch", config=search_config(get_language() or "en"))
            query |= SearchQuery(value, search_type="websearch", config="simple")
            return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
        # Elsewhere: every word must appear in the title, summary or description.
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word) | Q(summary__icontains=word) | Q(description__icontains=word)
            )
        return queryset

    def filter_facet(self, queryset, name: str, value):
        if not value:  # also the empty queryset of a slug filter given no slug
            return queryset
        return queryset.filter(facet_condition(name, value))

    def filter_open(self, queryset, name: str, value: bool | None):
        return queryset.open_now() if value else queryset

    def filter_ordering(self, queryset, name: str, value: str | None):
        text = self.form.cleaned_data.get("q", "").strip()
        if not value:
            value = Ordering.RELEVANCE if text else Ordering.DEADLINE
        if value == Ordering.RELEVANCE and text and connection.vendor == "postgresql":
            return queryset.order_by("-rank", "title", "pk")
        if value == Ordering.NEWEST:
            return queryset.order_by(F("published_at").desc(nulls_last=True), "title", "pk")
        if value == Ordering.TITLE:
            return queryset.order_by("title", "pk")
        # Deadline: open ones first (soonest deadline first, then rolling), then the closed ones.
        return queryset.by_deadline(timezone.now())
