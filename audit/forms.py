from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from core.audit import Action

from .receivers import AUDITED_MODELS


def _record_types() -> list[tuple[str, str]]:
    types = [ContentType.objects.get_by_natural_key(*label.lower().split(".")) for label in AUDITED_MODELS]
    return [("", _("All"))] + [(str(t.pk), str(t.model_class()._meta.verbose_name)) for t in types]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All")), *Action.choices])
    record_type = forms.ChoiceField(label=_("Record type"), required=False)
    record = forms.CharField(label=_("Record number"), required=False, max_length=64)
    who = forms.CharField(label=_("Who (username)"), required=False, max_length=150)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record_type"].choices = _record_types()
        for field in self.fields.values():
            is_select = isinstance(field, forms.ChoiceField)
            field.widget.attrs["class"] = "form-select form-select-sm" if is_select else "form-control form-control-sm"
