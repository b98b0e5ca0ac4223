from allauth.account import forms as allauth_forms
from django import forms
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest

from institutions.text import PlainTextMixin

from .models import User


class ProfileForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "language"]


class SignupForm(allauth_forms.SignupForm):
    """allauth's sign-up form, equally slow whether the address has an account or not.

    Signing up with a new address hashes the password (deliberately slow) and mails a link;
    with an address that has an account, allauth only mails that person. Hashing the
    password there too keeps the answer's timing from telling who has an account.
    """

    def try_save(self, request: HttpRequest):
        if self.account_already_exists:
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)
