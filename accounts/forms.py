from django import forms

from institutions.text import PlainTextMixin

from .models import User


class ProfileForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "language"]
