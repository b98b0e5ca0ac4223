from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class AccountDeleteForm(forms.Form):
    """Deleting an account takes the person's current password.

    Someone who signs in only through their university has none: for them the view asks allauth
    to confirm it is them first (re-authentication), and the form has no field.
    """

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your current password."), code="password_incorrect")
        return password
