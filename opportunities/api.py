"""The read-only JSON API of the catalogue (``/api/v1/opportunities/``)."""

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers

from .catalogue import CataloguePagination
from .filters import OpportunityFilter
from .markdown import render_markdown, render_markdown_many
from .models import Opportunity
from .selectors import catalogue_opportunities, opportunity_for_reader


class HostSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    city = serializers.CharField()
    country = serializers.CharField()


class OpportunitySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    alliance = serializers.SlugRelatedField(slug_field="code", read_only=True)
    host_university = HostSerializer(read_only=True, allow_null=True)
    theme = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    audiences = serializers.ListField(child=serializers.ChoiceField(choices=Opportunity.Audience.choices))
    languages = serializers.SerializerMethodField()
    sdgs = serializers.SerializerMethodField()
    description_html = serializers.SerializerMethodField()
    country = serializers.CharField()
    is_open = serializers.BooleanField()

    class Meta:
        model = Opportunity
        fields = [
            "slug", "url", "title", "summary", "description", "description_html", "text_language",
            "alliance", "host_university", "kind", "audiences", "format", "languages", "sdgs", "theme",
            "city", "country", "start_date", "end_date", "application_deadline",
            "rolling_applications", "is_open", "places", "ects_credits", "funding",
            "funding_details", "eligibility", "status", "published_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_url(self, opportunity: Opportunity) -> str:
        return self.context["request"].build_absolute_uri(opportunity.get_absolute_url())

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_languages(self, opportunity: Opportunity) -> list[str]:
        return [language.code for language in opportunity.languages.all()]

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=17)))
    def get_sdgs(self, opportunity: Opportunity) -> list[int]:
        return [goal.number for goal in opportunity.sdgs.all()]

    def get_description_html(self, opportunity: Opportunity) -> str:
        rendered = getattr(opportunity, "rendered_description", None)  # set for a page of the list
        return render_markdown(opportunity.description) if rendered is None else rendered


def describe_catalogue_access(result: dict, **kwargs) -> dict:
    """Complete the schema with what the code decides at run time (a drf-spectacular hook).

    Signing in is optional when the installation opens the catalogue (``OPPORTUNITIES_PUBLIC``),
    and an empty single-valued query parameter counts as not given, as in every Django form.
    """
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if settings.OPPORTUNITIES_PUBLIC and {} not in operation.get("security", [{}]):
                operation["security"].append({})
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and parameter["schema"].get("type") != "array":
                    parameter["allowEmptyValue"] = True
    return result


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


NOT_SIGNED_IN = OpenApiResponse(
    ErrorSerializer, description="Not signed in (unless the catalogue is public)."
)
NO_SUCH_PAGE = OpenApiResponse(ErrorSerializer, description="No such page of results.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such opportunity, or not one you may see.")
BAD_FILTERS = OpenApiResponse(
    {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    description="Bad query parameters: the messages of each parameter.",
)


@extend_schema(
    responses={200: OpportunitySerializer(many=True), 400: BAD_FILTERS, 403: NOT_SIGNED_IN, 404: NO_SUCH_PAGE}
)
class OpportunityList(generics.ListAPIView):
    """Opportunities of the catalogue, with its filters (repeat a parameter for several values)."""

    serializer_class = OpportunitySerializer
    filterset_class = OpportunityFilter
    pagination_class = CataloguePagination

    def get_queryset(self):
        return catalogue_opportunities().prefetch_related("sdgs", "languages")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            rendered = render_markdown_many(opportunity.description for opportunity in page)
            for opportunity in page:
                opportunity.rendered_description = rendered[opportunity.description]
        return page


@extend_schema(
    parameters=[OpenApiParameter("slug", str, OpenApiParameter.PATH, pattern=r"^[-a-zA-Z0-9_]+$")],
    responses={200: OpportunitySerializer, 403: NOT_SIGNED_IN, 404: NOT_FOUND},
)
class OpportunityDetail(generics.RetrieveAPIView):
    """One opportunity, if the catalogue shows it (or you manage it)."""

    serializer_class = OpportunitySerializer
    queryset = Opportunity.objects.none()
    lookup_field = "slug"

    def get_object(self) -> Opportunity:
        return opportunity_for_reader(self.request.user, self.kwargs["slug"])
