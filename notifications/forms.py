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
        self.user = user
        self.offered = [kind for kind in all_kinds() if not kind.urgent and kind.applies_to(user)]
        self.fields["kinds"].choices = [(kind.code, kind.label) for kind in self.offered]

    def muted_kinds(self, previously_muted: list[str]) -> list[str]:
        """Offered kinds on by default left unticked, plus mutes of kinds this page does not offer."""
        offered = {kind.code for kind in self.offered}
        on_by_default = {kind.code for kind in self.offered if kind.on_by_default(self.user)}
        ticked = set(self.cleaned_data["kinds"])
        return sorted((on_by_default - ticked) | (set(previously_muted) - offered))

    def subscribed_kinds(self, previously_subscribed: list[str]) -> list[str]:
        """Offered kinds off by default that are ticked, plus subscriptions this page does not offer."""
        offered = {kind.code for kind in self.offered}
        off_by_default = offered - {kind.code for kind in self.offered if kind.on_by_default(self.user)}
        ticked = set(self.cleaned_data["kinds"])
        return sorted((off_by_default & ticked) | (set(previously_subscribed) - offered))
