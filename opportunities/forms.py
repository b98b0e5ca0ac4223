from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.selectors import Roles
from institutions.models import Alliance, SustainableDevelopmentGoal, Theme, University
from institutions.text import PlainTextMixin

from .languages import LANGUAGE_CHOICES
from .models import RESERVED_SLUGS, Opportunity


class OpportunityForm(PlainTextMixin, forms.ModelForm):
    """What a coordinator or the central office edits; choices limited to what they manage."""

    languages = forms.MultipleChoiceField(
        label=_("Languages of the activity"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    sdgs = forms.ModelMultipleChoiceField(
        label=_("Sustainable development goals"),
        queryset=SustainableDevelopmentGoal.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Opportunity
        fields = [
            "alliance", "host_university", "title", "slug", "summary", "description", "text_language",
            "kind", "for_bachelor", "for_master", "for_doctoral", "for_academics", "for_staff", "format",
            "languages", "sdgs", "theme", "city", "country", "start_date", "end_date",
            "application_deadline", "rolling_applications", "places", "ects_credits", "funding",
            "funding_details", "eligibility",
        ]  # fmt: skip
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "application_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "funding_details": forms.Textarea(attrs={"rows": 2}),
            "eligibility": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, roles: Roles, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.roles = roles
        coordinated = roles.coordinated_university_ids
        offices = roles.central_office_alliance_ids
        universities = University.objects.filter(id__in=coordinated) | University.objects.filter(
            alliance_id__in=offices
        )
        self.fields["host_university"].queryset = universities.select_related("alliance").order_by("name")
        alliance_ids = set(offices) | set(universities.values_list("alliance_id", flat=True))
        self.fields["alliance"].queryset = Alliance.objects.filter(id__in=alliance_ids)
        self.fields["theme"].queryset = Theme.objects.filter(alliance_id__in=alliance_ids)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Part of the page's address; made from the title if left empty.")
        if self.instance.pk:
            self.initial["languages"] = list(self.instance.languages.values_list("code", flat=True))

    def clean_slug(self) -> str:
        return self.cleaned_data.get("slug") or ""

    def clean(self) -> dict:
        cleaned = super().clean()
        host = cleaned.get("host_university")
        alliance = cleaned.get("alliance")
        if alliance and host is None and alliance.pk not in self.roles.central_office_alliance_ids:
            self.add_error(
                "host_university",
                forms.ValidationError(
                    _("Only the central office publishes alliance-wide opportunities."),
                    code="host_required",
                ),
            )
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = self._free_slug(slugify(cleaned["title"])[:100] or "opportunity")
            self.instance.slug = cleaned["slug"]
        return cleaned

    def _free_slug(self, base: str) -> str:
        taken = set(
            Opportunity.objects.filter(slug__startswith=base)
            .exclude(pk=self.instance.pk)
            .values_list("slug", flat=True)
        )
        slug, n = base, 2
        while slug in taken or slug in RESERVED_SLUGS:
            slug, n = f"{base}-{n}", n + 1
        return slug
