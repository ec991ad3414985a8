from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import units_visible_to

from .models import Course


class CohortForm(forms.Form):
    GROUPS = [
        ("volunteers", _("All volunteers of the unit")),
        ("officials", _("All officials of the unit")),
        ("list", _("A CSV/XLSX list of usernames")),
    ]
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.filter(is_published=True))
    unit = forms.ModelChoiceField(
        label=_("Commune or district"),
        queryset=None,
        help_text=_("Citizens on a list are counted in this unit."),
    )
    group = forms.ChoiceField(label=_("Who"), choices=GROUPS, widget=forms.RadioSelect, initial="volunteers")
    file = forms.FileField(label=_("List (CSV or XLSX, column “username”)"), required=False)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_visible_to(user).filter(level__gte=2)

    def clean(self):
        data = super().clean()
        if data.get("group") == "list" and not data.get("file"):
            self.add_error("file", _("Choose the file with the list."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
