from django.contrib import admin

from .models import Queue, QueueMembership


class QueueMembershipInline(admin.TabularInline):
    model = QueueMembership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):
    list_display = ["name", "alliance", "university", "topic", "first_response_target_days"]
    list_filter = ["alliance", "topic"]
    list_select_related = ["alliance", "university"]
    search_fields = ["name", "university__name"]
    inlines = [QueueMembershipInline]
