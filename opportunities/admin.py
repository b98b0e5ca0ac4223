from django.contrib import admin

from .models import Opportunity, OpportunityLanguage, SavedOpportunity
from .services import opportunity_save


class OpportunityLanguageInline(admin.TabularInline):
    model = OpportunityLanguage
    extra = 1


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "alliance", "host_university", "kind", "status", "application_deadline"]
    list_filter = ["status", "alliance", "kind", "format", "funding"]
    list_select_related = ["alliance", "host_university"]
    search_fields = ["title", "summary", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["sdgs"]
    readonly_fields = ["status", "published_at", "deadline_ends_at", "created_by", "created_at"]
    inlines = [OpportunityLanguageInline]

    def save_related(self, request, form, formsets, change) -> None:
        # Languages come from the inline; the service then recomputes the derived fields.
        super().save_related(request, form, formsets, change)
        languages = list(form.instance.languages.values_list("code", flat=True))
        opportunity_save(opportunity=form.instance, languages=languages, by=request.user)


@admin.register(SavedOpportunity)
class SavedOpportunityAdmin(admin.ModelAdmin):
    list_display = ["user", "opportunity", "created_at"]
    list_select_related = ["user", "opportunity"]
    search_fields = ["user__email", "opportunity__title"]
    raw_id_fields = ["user", "opportunity"]
