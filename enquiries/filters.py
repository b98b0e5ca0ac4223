"""The work queue's filters (SPEC §4): status, assignee, kind, opportunity, overdue, text."""

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Enquiry


class WorkQueueFilter(filters.FilterSet):
    ME, UNASSIGNED, ANYONE = "me", "unassigned", "anyone"
    ORDERINGS = [
        ("due", _("Due date, earliest first")),
        ("newest", _("Newest first")),
        ("oldest", _("Oldest first")),
        ("priority", _("Priority, highest first")),
    ]

    q = filters.CharFilter(method="filter_text", label=_("Reference, subject or requester"), max_length=200)
    status = filters.MultipleChoiceFilter(choices=Enquiry.Status.choices, label=_("Status"), distinct=False)
    assignee = filters.ChoiceFilter(
        choices=[(ANYONE, _("Anyone")), (ME, _("Me")), (UNASSIGNED, _("Unassigned"))],
        method="filter_assignee",
        label=_("Assigned to"),
        empty_label=None,
    )
    kind = filters.MultipleChoiceFilter(choices=Enquiry.Kind.choices, label=_("Kind"), distinct=False)
    opportunity = filters.CharFilter(field_name="opportunity__slug", label=_("Opportunity"), max_length=120)
    overdue = filters.BooleanFilter(method="filter_overdue", label=_("Overdue only"))
    ordering = filters.ChoiceFilter(
        choices=ORDERINGS, method="filter_ordering", label=_("Sort by"), empty_label=None
    )

    class Meta:
        model = Enquiry
        fields: list[str] = []

    def filter_queryset(self, queryset: QuerySet[Enquiry]) -> QuerySet[Enquiry]:
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("ordering"):
            queryset = self.filter_ordering(queryset, "ordering", "due")
        return queryset

    def filter_text(self, queryset, name: str, value: str):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__iexact=value)
            | Q(subject__icontains=value)
            | Q(requester__email__icontains=value)
            | Q(requester__display_name__icontains=value)
        )

    def filter_assignee(self, queryset, name: str, value: str):
        if value == self.ME:
            return queryset.filter(assignee=self.request.user)
        if value == self.UNASSIGNED:
            return queryset.filter(assignee__isnull=True)
        return queryset

    def filter_overdue(self, queryset, name: str, value: bool | None):
        if not value:
            return queryset
        return queryset.filter(
            first_response_at__isnull=True,
            status__in=[Enquiry.Status.NEW, Enquiry.Status.OPEN],
            first_response_due__lt=timezone.localdate(),
        )

    def filter_ordering(self, queryset, name: str, value: str):
        orderings = {
            "due": ("first_response_due", "created_at", "pk"),
            "newest": ("-created_at", "-pk"),
            "oldest": ("created_at", "pk"),
            "priority": ("-priority", "first_response_due", "pk"),
        }
        return queryset.order_by(*orderings.get(value or "due", orderings["due"]))
