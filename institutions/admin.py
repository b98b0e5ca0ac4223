from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Alliance, EmailDomain, SustainableDevelopmentGoal, Theme, University


class EmailDomainInline(admin.TabularInline):
    model = EmailDomain
    extra = 1


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Alliance)
class AllianceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "office_email"]
    search_fields = ["code", "name"]
    prepopulated_fields = {"slug": ["code"]}
    filter_horizontal = ["sdgs"]
    inlines = [ThemeInline]
    fieldsets = [
        (None, {"fields": ["name", "code", "slug", "description", "website", "sdgs"]}),
        (
            _("Central office"),
            {"fields": ["office_name", "office_address", "office_phone", "office_email"]},
        ),
    ]


@admin.register(University)
class UniversityAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "alliance", "city", "country", "is_coordinating"]
    list_filter = ["alliance", "country"]
    list_select_related = ["alliance"]
    search_fields = [
        "name",
        "short_name",
        "city",
        "erasmus_code",
        "schac_code",
        "email_domains__domain",
    ]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [EmailDomainInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "alliance"]
    list_filter = ["alliance", "kind"]
    list_select_related = ["alliance"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SustainableDevelopmentGoal)
class SustainableDevelopmentGoalAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
