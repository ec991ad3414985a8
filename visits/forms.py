"""Staff forms: households, consents, hamlets, teams, assignment, import upload, vessels."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.phones import normalize_phone
from units.models import AdministrativeUnit

from .models import Consent, FishingVessel, Hamlet, Household, TargetGroup, Team

PHONE_RE = re.compile(r"^0\d{9}$")
MAX_MEMBERS = 30


def validate_phone(phone: str) -> str:
    phone = normalize_phone(phone)
    if phone and not PHONE_RE.match(phone):
        raise forms.ValidationError(_("Enter a Vietnamese phone number: 10 digits starting with 0."), code="phone")
    return phone


class HamletForm(forms.ModelForm):
    class Meta:
        model = Hamlet
        fields = ["name"]

    def __init__(self, *args, commune: AdministrativeUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commune = commune

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if (
            Hamlet.objects.filter(commune=self.instance.commune, name__iexact=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("This commune already has a hamlet with that name."))
        return name


class HouseholdForm(forms.ModelForm):
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), choices=TargetGroup.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Household
        fields = ["hamlet", "address", "head_name", "phone", "members_count", "target_groups"]

    def __init__(self, *args, commune: AdministrativeUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commune = commune
        self.fields["hamlet"].queryset = commune.hamlets.order_by("name")
        self.fields["members_count"].min_value = 1
        self.fields["members_count"].max_value = MAX_MEMBERS
        self.fields["members_count"].widget.attrs.update(min=1, max=MAX_MEMBERS)
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="off")

    def clean_phone(self) -> str:
        return validate_phone(self.cleaned_data.get("phone", ""))

    def clean_members_count(self) -> int:
        count = self.cleaned_data["members_count"]
        if not 1 <= count <= MAX_MEMBERS:
            raise forms.ValidationError(_("A household has between 1 and 30 members."))
        return count

    def clean_head_name(self) -> str:
        return " ".join(self.cleaned_data["head_name"].split())

    def clean_address(self) -> str:
        return " ".join(self.cleaned_data["address"].split())


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["given_by", "given_at", "purpose"]
        widgets = {"given_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]
        self.fields["given_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    def clean_given_at(self):
        given_at = self.cleaned_data["given_at"]
        if given_at > timezone.now() + timezone.timedelta(minutes=5):
            raise forms.ValidationError(_("Consent cannot be given in the future."))
        return given_at


class VolunteerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class VolunteersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class TeamForm(forms.ModelForm):
    leader = VolunteerChoiceField(label=_("Leader"), queryset=User.objects.none(), required=False)
    members = VolunteersChoiceField(
        label=_("Members"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Team
        fields = ["name", "leader", "members"]

    def __init__(self, *args, commune: AdministrativeUnit, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commune = commune
        self.fields["leader"].queryset = volunteers
        self.fields["members"].queryset = volunteers

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        clash = Team.objects.filter(commune=self.instance.commune, name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This commune already has a team with that name."))
        return name


class AssignmentForm(forms.Form):
    """Assign the ticked households (or a whole hamlet) to a team and/or a volunteer, all or nothing."""

    households = forms.ModelMultipleChoiceField(queryset=Household.objects.none(), required=False)
    hamlet = forms.ModelChoiceField(
        label=_("Or every household of hamlet"), queryset=Hamlet.objects.none(), required=False
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    volunteer = VolunteerChoiceField(label=_("Volunteer"), queryset=User.objects.none(), required=False)
    unassign = forms.BooleanField(label=_("Remove the assignment instead"), required=False)

    def __init__(self, *args, commune: AdministrativeUnit, volunteers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["households"].queryset = Household.objects.filter(commune=commune)
        self.fields["hamlet"].queryset = commune.hamlets.order_by("name")
        self.fields["team"].queryset = commune.teams.order_by("name")
        self.fields["volunteer"].queryset = volunteers

    def clean(self):
        data = super().clean()
        if self.errors:  # a field is already wrong; one clear message is enough
            return data
        if not data.get("households") and not data.get("hamlet"):
            raise forms.ValidationError(_("Tick at least one household or choose a hamlet."), code="nothing")
        if data.get("unassign"):
            return data
        team, volunteer = data.get("team"), data.get("volunteer")
        if not team and not volunteer:
            raise forms.ValidationError(_("Choose a team, a volunteer or both."), code="no_target")
        if team and volunteer and not team.members.filter(pk=volunteer.pk).exists():
            raise forms.ValidationError(_("The volunteer is not a member of that team."), code="not_member")
        return data


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))


class VesselForm(forms.ModelForm):
    class Meta:
        model = FishingVessel
        fields = [
            "owner",
            "registration_number",
            "name",
            "length_m",
            "home_port",
            "monitoring_installed",
            "radio_registered",
            "expected_return_on",
        ]
        widgets = {"expected_return_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda h: f"{h.head_name} — {h.hamlet.name}, {h.address}"
        self.fields["expected_return_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def clean_registration_number(self) -> str:
        number = self.cleaned_data["registration_number"].strip().upper().replace(" ", "")
        if not re.fullmatch(r"[A-ZĐ]{2,3}-\d{3,6}-[A-Z]{2}", number):
            raise forms.ValidationError(_("Use the registration format, e.g. NĐ-90123-TS."))
        return number

    def clean_length_m(self):
        length = self.cleaned_data.get("length_m")
        if length is not None and not 0 < length < 200:
            raise forms.ValidationError(_("Enter a length between 0 and 200 metres."))
        return length
