from django import forms
from django.utils.translation import gettext_lazy as _

from core.indicators import all_indicators

MAX_COUNT = 10_000_000


class OfficialCountForm(forms.Form):
    households = forms.IntegerField(
        label=_("Official number of households"),
        required=False,
        min_value=0,
        max_value=MAX_COUNT,
        help_text=_("From the statistics office. Leave empty to remove."),
    )


class OfficialCountUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))


class TargetForm(forms.Form):
    indicator = forms.ChoiceField(
        label=_("Indicator"), widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    value = forms.IntegerField(
        label=_("Target"), required=False, min_value=1, max_value=MAX_COUNT, help_text=_("Leave empty to remove.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.code, i.label) for i in all_indicators()]
