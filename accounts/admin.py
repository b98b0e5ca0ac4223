from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.utils.translation import gettext_lazy as _

from institutions.models import University

from .models import (
    AffiliationOverride,
    HomeUniversityChange,
    IdentityProvider,
    Role,
    UniversityIdentity,
    User,
)
from .services import affiliation_override_end, affiliation_override_set


class UserChangeForm(forms.ModelForm):
    """The person's fields, plus the site administrator's affiliation decision."""

    KEEP, SET, END = "keep", "set", "end"
    override_action = forms.ChoiceField(
        label=_("Affiliation override"),
        choices=[
            (KEEP, _("Leave as it is")),
            (SET, _("Set the home university below, whatever the e-mail address says")),
            (END, _("End the override: the verified e-mail address decides again")),
        ],
        initial=KEEP,
        widget=forms.RadioSelect,
    )
    override_university = forms.ModelChoiceField(
        label=_("Home university"),
        queryset=University.objects.select_related("alliance"),
        required=False,
        empty_label=_("No member university"),
    )
    override_reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, required=False)

    class Meta:
        model = User
        fields = [
            "email",
            "display_name",
            "language",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("override_action") != self.KEEP and not cleaned.get("override_reason", "").strip():
            self.add_error(
                "override_reason",
                forms.ValidationError(_("Say why the affiliation is overridden."), code="reason_required"),
            )
        return cleaned


class UserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["email"]


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = ["kind", "alliance", "university"]


class AffiliationOverrideInline(admin.TabularInline):
    model = AffiliationOverride
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ["university", "reason", "created_at", "created_by", "ended_at", "ended_by"]
    readonly_fields = fields
    verbose_name_plural = _("Affiliation overrides (history)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class UniversityIdentityInline(admin.StackedInline):
    model = UniversityIdentity
    extra = 0
    can_delete = False
    fields = [
        "provider",
        "home_organization",
        "home_university",
        "affiliations",
        "european_student_identifier",
        "asserted_at",
    ]
    readonly_fields = fields
    verbose_name_plural = _("What the identity provider said")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class HomeUniversityChangeInline(admin.TabularInline):
    model = HomeUniversityChange
    extra = 0
    can_delete = False
    fields = ["created_at", "university", "source"]
    readonly_fields = fields
    verbose_name_plural = _("Home university changes (history)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    list_display = ["university", "entity_id", "enabled", "updated_at"]
    list_filter = ["enabled", "university__alliance"]
    list_select_related = ["university"]
    search_fields = ["university__name", "entity_id"]
    autocomplete_fields = ["university"]
    fields = ["university", "entity_id", "metadata_url", "metadata_xml", "enabled"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "display_name", "home_university", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "home_university__alliance", "language"]
    list_select_related = ["home_university"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["home_university", "last_login", "date_joined"]
    filter_horizontal = ["groups", "user_permissions"]
    inlines = [RoleInline, AffiliationOverrideInline, UniversityIdentityInline, HomeUniversityChangeInline]
    fieldsets = [
        (None, {"fields": ["email", "display_name", "language", "home_university"]}),
        (
            _("Affiliation override"),
            {
                "fields": ["override_action", "override_university", "override_reason"],
                "description": _(
                    "The home university normally comes from the person's identity provider, "
                    "else from the verified primary e-mail address. An override wins over both and "
                    "is recorded with your name, the time and the reason."
                ),
            },
        ),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]},
        ),
    ]

    def get_inlines(self, request, obj):
        # The override history belongs to an existing person, not to the creation form.
        return self.inlines if obj else []

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        action = form.cleaned_data.get("override_action")
        reason = form.cleaned_data.get("override_reason", "")
        if action == UserChangeForm.SET:
            affiliation_override_set(
                user=obj,
                university=form.cleaned_data["override_university"],
                reason=reason,
                set_by=request.user,
            )
        elif action == UserChangeForm.END:
            affiliation_override_end(user=obj, ended_by=request.user)
