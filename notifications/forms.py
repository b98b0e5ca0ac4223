from django import forms

from .models import Category, Delivery


class PreferencesForm(forms.Form):
    """One choice of delivery per category."""

    def __init__(self, *args, initial_choices: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[category.value] = forms.ChoiceField(
                label=category.label,
                choices=Delivery.choices,
                initial=initial_choices[category],
                widget=forms.RadioSelect,
            )
