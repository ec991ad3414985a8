from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Report


class ReportRequestForm(forms.Form):
    scope = forms.ChoiceField(label=_("Unit"), widget=forms.Select(attrs={"class": "form-select"}))
    period_kind = forms.ChoiceField(
        label=_("Period"), choices=Report.PeriodKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    day = forms.DateField(
        label=_("A day in the period"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    kind = forms.ChoiceField(
        label=_("Format"), choices=Report.Kind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, scopes, **kwargs):
        """scopes: the units the user may ask a report of (coverage.access)."""
        super().__init__(*args, **kwargs)
        self.units = {unit.code: unit for unit in scopes}
        self.fields["scope"].choices = [(unit.code, unit.name) for unit in scopes]
        self.fields["day"].initial = timezone.localdate()

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Choose a day that has passed (today at the latest)."))
        if day.year < 2000:
            raise forms.ValidationError(_("Choose a day from 2000 on."))
        return day
