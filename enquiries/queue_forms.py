"""Forms of the queue administration pages; the services validate again."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from institutions.text import PlainTextMixin

from .models import CannedReply, Queue, Topic


class QueueSettingsForm(PlainTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=Queue._meta.get_field("name").max_length)
    contact_email = forms.EmailField(
        label=_("Contact e-mail"),
        required=False,
        help_text=_("Shown to people as the queue's public contact."),
    )
    first_response_target_days = forms.IntegerField(
        label=_("First-response target (working days)"),
        min_value=1,
        max_value=30,
        help_text=_("From 1 to 30 working days; applies to enquiries submitted from now on."),
    )

    @classmethod
    def for_queue(cls, queue: Queue, data=None, **kwargs) -> "QueueSettingsForm":
        initial = {
            "name": queue.name,
            "contact_email": queue.contact_email,
            "first_response_target_days": queue.first_response_target_days,
        }
        return cls(data, initial=initial, prefix="settings", **kwargs)


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_(
            "The person needs an account with a verified address of the queue's university (for a "
            "central office, of any member university); they are told that you added them."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("prefix", "member")
        super().__init__(*args, **kwargs)


class CannedReplyForm(PlainTextMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=CannedReply._meta.get_field("title").max_length)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))

    @classmethod
    def for_reply(cls, canned_reply: CannedReply | None, data=None) -> "CannedReplyForm":
        """A form to add a reply (``None``) or to edit one; each has its own field ids."""
        if canned_reply is None:
            return cls(data, prefix="canned")
        initial = {"title": canned_reply.title, "body": canned_reply.body}
        return cls(data, initial=initial, prefix=f"canned-{canned_reply.pk}")


class TopicQueueForm(PlainTextMixin, forms.Form):
    topic = forms.ChoiceField(label=_("Topic"))
    name = forms.CharField(
        label=_("Name of the new queue"), max_length=Queue._meta.get_field("name").max_length
    )

    def __init__(self, *args, taken: set[str], **kwargs) -> None:
        kwargs.setdefault("prefix", "topic")
        super().__init__(*args, **kwargs)
        self.free_topics = [
            (value, label) for value, label in Topic.university_choices() if value not in taken
        ]
        cast(forms.ChoiceField, self.fields["topic"]).choices = [("", "---------"), *self.free_topics]

    @property
    def has_free_topics(self) -> bool:
        return bool(self.free_topics)
