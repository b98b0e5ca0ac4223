from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from institutions.models import Alliance

from .models import Enquiry, Queue, Recommendation, Topic


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


class EnquiryForm(forms.Form):
    """A new enquiry: about an opportunity (kind) or general (alliance and topic)."""

    alliance = forms.ModelChoiceField(label=_("Alliance"), queryset=Alliance.objects.order_by("name"))
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices, initial=Topic.GENERAL)
    kind = forms.ChoiceField(
        label=_("What do you want to do?"), choices=Enquiry.Kind.choices, widget=forms.RadioSelect
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10_000)
    files = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args, opportunity=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.opportunity = opportunity
        if opportunity is not None:
            del self.fields["alliance"]
            del self.fields["topic"]
            if not opportunity.is_open:
                self.fields["kind"].choices = [
                    c for c in Enquiry.Kind.choices if c[0] != Enquiry.Kind.APPLICATION
                ]
            self.fields["kind"].initial = Enquiry.Kind.QUESTION
        else:
            del self.fields["kind"]


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )
    files = MultipleFileField(label=_("Attachments"))


class StaffReplyForm(ReplyForm):
    ask = forms.BooleanField(
        label=_("This asks the requester a question (the enquiry waits for their answer)"), required=False
    )


class NoteForm(forms.Form):
    body = forms.CharField(
        label=_("Internal note (never shown to the requester)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
    )
    files = MultipleFileField(label=_("Attachments"))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Enquiry.Status.choices)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"), queryset=None, required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class ForwardForm(forms.Form):
    queue = forms.ModelChoiceField(label=_("Forward to"), queryset=Queue.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, queues, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["queue"].queryset = queues


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome of the application"), choices=Enquiry.Outcome.choices)


class PriorityForm(forms.Form):
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Enquiry.Priority.choices, coerce=int)


class RecommendationForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Your recommendation"), choices=Recommendation.Verdict.choices)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
