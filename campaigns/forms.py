from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.access import units_visible_to
from accounts.models import User
from units.models import AdministrativeUnit, in_subtree
from visits.models import Service, Team

from .access import campaigns_visible_to
from .models import Activity, Audience, Bulletin, Campaign, Channel, GuidanceDocument
from .unit_picker import UnitPickerMixin

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
AUDIENCES_WIDGET = forms.CheckboxSelectMultiple


def _managed_units(user: User):
    return units_visible_to(user).current().order_by("path")


class CampaignForm(UnitPickerMixin, forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("Target audiences"), choices=Audience.choices, widget=AUDIENCES_WIDGET, required=False
    )

    class Meta:
        model = Campaign
        fields = ["name", "goal", "starts_on", "ends_on", "status", "lead_agency", "partners", "audiences", "parent"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 3}), "starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        parents = campaigns_visible_to(user).exclude(pk=self.instance.pk).filter(parent__isnull=True)
        self.fields["parent"].queryset = parents.order_by("-starts_on")
        initial = [t.unit for t in self.instance.targets.select_related("unit")] if self.instance.pk else []
        self.setup_picker(user, initial)

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The campaign cannot end before it starts."))
        return cleaned


class TargetForm(forms.Form):
    """The numeric targets of one unit; services completed are one field per visits service type."""

    activities = forms.IntegerField(label=_("Activities"), min_value=0, max_value=1_000_000)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, max_value=100_000_000)
    households_reached = forms.IntegerField(label=_("Households reached"), min_value=0, max_value=10_000_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for service in Service:
            self.fields[f"service_{service.value}"] = forms.IntegerField(
                label=service.label, min_value=0, max_value=10_000_000, required=False
            )

    def service_values(self) -> dict[str, int]:
        return {s.value: self.cleaned_data.get(f"service_{s.value}") or 0 for s in Service}


# Which fields each channel needs, beyond the common ones.
CHANNEL_REQUIRED = {
    Channel.CONFERENCE: ["place"],
    Channel.TRAINING: ["place"],
    Channel.HANDS_ON: ["place"],
    Channel.EVENT: ["place"],
    Channel.DOCUMENTS: ["copies"],
    Channel.ARTICLE: ["outlet", "outlet_name"],
    Channel.ONLINE: ["participants_online"],
    Channel.LOUDSPEAKER: [],
    Channel.DOOR_TO_DOOR: [],
}
COMMUNE_ONLY_CHANNELS = {Channel.LOUDSPEAKER, Channel.DOOR_TO_DOOR}


class ActivityForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), choices=Audience.choices, widget=AUDIENCES_WIDGET, required=False
    )

    class Meta:
        model = Activity
        fields = [
            "campaign",
            "unit",
            "channel",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "organiser",
            "participants_in_person",
            "participants_online",
            "copies",
            "outlet",
            "outlet_name",
            "audiences",
            "notes",
            "visits_from",
            "visits_until",
            "team",
            "status",
            "result_report",
            "publish_on_news",
        ]
        widgets = {
            "starts_at": DATETIME_WIDGET,
            "ends_at": DATETIME_WIDGET,
            "visits_from": DATE_WIDGET,
            "visits_until": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "result_report": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # Closed campaigns take no new activities; an activity already in one stays editable.
        open_or_own = ~Q(status=Campaign.Status.CLOSED) | Q(pk=self.instance.campaign_id)
        self.fields["campaign"].queryset = campaigns_visible_to(user).filter(open_or_own).order_by("-starts_on")
        self.fields["unit"].queryset = _managed_units(user)
        self.fields["team"].queryset = (
            Team.objects.filter(in_subtree(user.unit, "commune")) if user.unit_id else Team.objects.all()
        ).select_related("commune")

    def clean(self):
        cleaned = super().clean()
        channel, unit = cleaned.get("channel"), cleaned.get("unit")
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The activity cannot end before it starts."))
        for name in CHANNEL_REQUIRED.get(channel, []):
            if not cleaned.get(name):
                self.add_error(name, _("Required for this channel."))
        if channel in COMMUNE_ONLY_CHANNELS and unit and unit.level != AdministrativeUnit.Level.COMMUNE:
            self.add_error("unit", _("A loudspeaker broadcast or door-to-door drive belongs to a commune."))
        self._clean_door_to_door(cleaned, channel, unit)
        if cleaned.get("status") == Activity.Status.DONE and not (cleaned.get("result_report") or "").strip():
            self.add_error("result_report", _("Write a short result report when the activity is done."))
        return cleaned

    def _clean_door_to_door(self, cleaned, channel, unit):
        visits_from, visits_until, team = cleaned.get("visits_from"), cleaned.get("visits_until"), cleaned.get("team")
        if channel != Channel.DOOR_TO_DOOR:
            if visits_from or visits_until or team:
                self.add_error("visits_from", _("Only a door-to-door drive links visits."))
            return
        if bool(visits_from) != bool(visits_until):
            self.add_error("visits_until", _("Give both dates of the visits, or neither."))
        elif visits_from and visits_until < visits_from:
            self.add_error("visits_until", _("The last day cannot be before the first."))
        if team and unit and team.commune_id != unit.pk:
            self.add_error("team", _("The team must belong to the activity's commune."))


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("Document or photo"))


class GuidanceDocumentForm(UnitPickerMixin, forms.ModelForm):
    picker_label = _("Recipient units")

    class Meta:
        model = GuidanceDocument
        fields = ["title", "number", "issued_on", "file", "summary", "report_due_on"]
        widgets = {"issued_on": DATE_WIDGET, "report_due_on": DATE_WIDGET, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_picker(user)
        # The issuing unit does not send to itself.
        own = user.unit_id
        self._picker_units = [u for u in self._picker_units if u.pk != own]


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("Implementation report"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class BulletinForm(UnitPickerMixin, forms.ModelForm):
    picker_allows_districts = False
    picker_label = _("Target communes")

    class Meta:
        model = Bulletin
        fields = ["level", "title", "text", "audio", "valid_from", "valid_until"]
        widgets = {
            "valid_from": DATETIME_WIDGET,
            "valid_until": DATETIME_WIDGET,
            "text": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_picker(user)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end <= start:
            self.add_error("valid_until", _("The bulletin must stay valid after it starts."))
        return cleaned


class AiringForm(forms.Form):
    aired_at = forms.DateTimeField(label=_("Aired at"), widget=DATETIME_WIDGET)
    times_aired = forms.IntegerField(label=_("Times aired"), min_value=1, max_value=50, initial=1)
    clusters_reached = forms.IntegerField(label=_("Loudspeaker clusters reached"), min_value=0, max_value=1000)
    aired_by = forms.CharField(label=_("Aired by"), max_length=120)
