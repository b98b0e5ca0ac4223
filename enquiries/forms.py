from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from institutions.models import Alliance
from institutions.text import PlainTextMixin

from .models import Enquiry, Queue, Recommendation, Topic

if TYPE_CHECKING:
    from accounts.models import User


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; their content is checked by the services."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx,.odt"}))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("Up to %(count)d files: PDF, PNG, JPEG, DOCX or ODT, 10 MB each.")
            % {"count": settings.ATTACHMENTS_PER_MESSAGE},
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class EnquiryForm(PlainTextMixin, forms.Form):
    """A new enquiry: about an opportunity (kind) or general (alliance and topic)."""

    alliance = forms.ModelChoiceField(label=_("Alliance"), queryset=Alliance.objects.order_by("name"))
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.university_choices, initial=Topic.GENERAL)
    kind = forms.ChoiceField(
        label=_("What do you want to do?"), choices=Enquiry.Kind.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10_000)
    attachments = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args, opportunity=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.opportunity = opportunity
        if opportunity is not None:
            del self.fields["alliance"]
            del self.fields["topic"]
            if not opportunity.is_open:
                cast(forms.ChoiceField, self.fields["kind"]).choices = [
                    c for c in Enquiry.Kind.choices if c[0] != Enquiry.Kind.APPLICATION
                ]
            self.fields["kind"].initial = Enquiry.Kind.QUESTION
        else:
            del self.fields["kind"]


class ReplyForm(PlainTextMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )
    attachments = MultipleFileField(label=_("Attachments"))


class StaffReplyForm(ReplyForm):
    ask = forms.BooleanField(
        label=_("This asks the requester a question (the enquiry waits for their answer)"), required=False
    )


class NoteForm(PlainTextMixin, forms.Form):
    body = forms.CharField(
        label=_("Internal note (never shown to the requester)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
    )
    attachments = MultipleFileField(label=_("Attachments"))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Enquiry.Status.choices)


class AssignForm(forms.Form):
    assignee: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["assignee"]).queryset = people


class ForwardForm(PlainTextMixin, forms.Form):
    queue = forms.ModelChoiceField(label=_("Forward to"), queryset=Queue.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, queues, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["queue"]).queryset = queues


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome of the application"), choices=Enquiry.Outcome.choices)


class PriorityForm(forms.Form):
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Enquiry.Priority.choices, coerce=int)


class RecommendationForm(PlainTextMixin, forms.Form):
    verdict = forms.ChoiceField(label=_("Your recommendation"), choices=Recommendation.Verdict.choices)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AccessibilityFeedbackForm(PlainTextMixin, forms.Form):
    """Feedback on the website's accessibility, for an alliance's central office."""

    alliance = forms.ModelChoiceField(
        label=_("Alliance"),
        queryset=Alliance.objects.none(),
        help_text=_("The central office of this alliance answers you."),
    )
    page = forms.CharField(
        label=_("Page concerned"),
        max_length=500,
        required=False,
        help_text=_(
            "The address or the title of the page. Leave it empty if your feedback concerns the whole site."
        ),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Describe the problem or what you need"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
        help_text=_(
            "What you tried to do, what happened and, if you wish, the browser or assistive "
            "technology you use."
        ),
    )

    def __init__(self, *args, alliances, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["alliance"]).queryset = alliances
        # With a single alliance there is nothing to choose.
        self.only_alliance = alliances[0] if len(alliances) == 1 else None
        if self.only_alliance is not None:
            del self.fields["alliance"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.only_alliance is not None:
            cleaned["alliance"] = self.only_alliance
        return cleaned
