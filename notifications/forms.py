from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from .kinds import all_kinds


class NotificationSettingsForm(forms.Form):
    """The language of messages, and a box per kind the user may receive (ticked: send it)."""

    language = forms.ChoiceField(label=_("Language of messages"), choices=settings.LANGUAGES)
    kinds = forms.MultipleChoiceField(label=_("Send me"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = [kind for kind in all_kinds() if not kind.urgent and kind.applies_to(user)]
        self.fields["kinds"].choices = [(kind.code, kind.label) for kind in self.offered]

    def muted_kinds(self, previously_muted: list[str]) -> list[str]:
        """Offered kinds left unticked, plus mutes of kinds this page no longer offers the user."""
        offered = {kind.code for kind in self.offered}
        ticked = set(self.cleaned_data["kinds"])
        return sorted((offered - ticked) | (set(previously_muted) - offered))
