"""The work queue's filters (docs/roles.md): status, assignee, kind, opportunity, overdue, text."""

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .models import Enquiry


class ChoicesInFilter(filters.MultipleChoiceFilter):
    """The chosen values as one ``IN`` condition.

    ORed equalities (the parent's way) keep PostgreSQL from seeking them in an index on the
    field: it reads every entry of the queue and tests each one instead.
    """

    def filter(self, qs: QuerySet, value: list[str]) -> QuerySet:
        if not value:
            return qs
        return self.get_method(qs)(**{f"{self.field_name}__in": sorted(set(value))})


class WorkQueueFilter(filters.FilterSet):
    ME, UNASSIGNED, ANYONE = "me", "unassigned", "anyone"
    ORDERINGS = [
        ("due", _("Due date, earliest first")),
        ("newest", _("Newest first")),
        ("oldest", _("Oldest first")),
        ("priority", _("Priority, highest first")),
    ]

    q = filters.CharFilter(method="filter_text", label=_("Reference, subject or requester"), max_length=200)
    status = ChoicesInFilter(choices=Enquiry.Status.choices, label=_("Status"), distinct=False)
    assignee = filters.ChoiceFilter(
        choices=[(ANYONE, _("Anyone")), (ME, _("Me")), (UNASSIGNED, _("Unassigned"))],
        method="filter_assignee",
        label=_("Assigned to"),
        empty_label=None,
    )
    kind = ChoicesInFilter(choices=Enquiry.Kind.choices, label=_("Kind"), distinct=False)
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
        # Two searches joined by UNION rather than one OR across the requester join, so that
        # each can use its own index (the trigram indexes on PostgreSQL); an OR spanning two
        # tables makes the database read every enquiry of the queues and every person.
        # References are written in capitals (alliance code, year, number).
        enquiries = queryset.order_by().values("pk")
        in_enquiry = enquiries.filter(Q(reference=value.upper()) | Q(subject__icontains=value))
        requesters = User.objects.filter(Q(email__icontains=value) | Q(display_name__icontains=value))
        by_requester = enquiries.filter(requester__in=requesters.values("pk"))
        return queryset.filter(pk__in=in_enquiry.union(by_requester))

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

    def without_status(self) -> QuerySet[Enquiry]:
        """The enquiries every other filter lets through, unordered: the page counts them per status."""
        self.form.is_valid()  # fills cleaned_data with the fields that are valid, as ``qs`` does
        queryset = self.queryset.all()
        for name, value in self.form.cleaned_data.items():
            if name not in ("status", "ordering"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()

    def total(self, counts: dict[str, int]) -> int:
        """How many enquiries all the filters let through, from the counts of :meth:`without_status`."""
        chosen = set(self.form.cleaned_data.get("status") or counts)
        return sum(counts.get(status, 0) for status in chosen)
