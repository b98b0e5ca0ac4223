from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Notification, Preference
from .services import notifications_resend


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "event", "subject", "email_status", "attempts", "read_at"]
    list_filter = ["email_status", "category", "event"]
    search_fields = ["recipient__email", "subject", "object_key", "dedup_key"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["send_again"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Send the selected failed notifications again"))
    def send_again(self, request, queryset) -> None:
        count = notifications_resend(notification_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d notification is back in the outbox.",
                "%(count)d notifications are back in the outbox.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "category", "delivery"]
    list_filter = ["category", "delivery"]
    search_fields = ["user__email"]
