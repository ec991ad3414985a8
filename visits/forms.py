"""Staff forms: households, consents, hamlets, teams, assignment, import upload, vessels."""

import re
from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.phones import normalize_phone
from core.text import fold
from units.models import AdministrativeUnit

from .models import (
    Consent,
    ConsentGiven,
    FishingVessel,
    Hamlet,
    Household,
    TargetGroup,
    Team,
    natural_sort_key,
)

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


def _noon_of(day) -> datetime:
    """A consent given on a day, as a moment: noon that day, never later than now."""
    return min(timezone.make_aware(datetime.combine(day, time(12))), timezone.now())


class HouseholdForm(forms.ModelForm):
    """Add or edit a household. Adding records the consent its name and phone need in the same step;
    a household without consent keeps its address only (the model's constraint backs this up)."""

    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), choices=TargetGroup.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    consent_given = forms.BooleanField(
        label=_(
            "The household agrees that the register keeps the head's name and phone "
            "for door-to-door digital-skills support"
        ),
        required=False,
    )
    consent_given_by = forms.CharField(label=_("Consent given by"), max_length=120, required=False)
    consent_given_on = forms.DateField(
        label=_("Consent date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    consent_channel = forms.ChoiceField(
        label=_("How consent was given"), choices=[("", "—"), *Consent.Channel.choices], required=False
    )
    confirm_duplicate = forms.BooleanField(
        label=_("Yes, this is another household at the same address"), required=False
    )

    class Meta:
        model = Household
        fields = ["hamlet", "address", "head_name", "phone", "members_count", "target_groups"]

    def __init__(self, *args, commune: AdministrativeUnit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commune = commune
        self.duplicate: Household | None = None
        self.fields["hamlet"].queryset = commune.hamlets.order_by("name")
        self.fields["members_count"].min_value = 1
        self.fields["members_count"].max_value = MAX_MEMBERS
        self.fields["members_count"].widget.attrs.update(min=1, max=MAX_MEMBERS)
        self.fields["phone"].widget.attrs.update(inputmode="tel", autocomplete="off")
        self.fields["consent_given_on"].initial = timezone.localdate()
        if self.instance.pk:
            for name in ("consent_given", "consent_given_by", "consent_given_on", "consent_channel"):
                del self.fields[name]
            if self.instance.consent_id is None:
                for name in ("head_name", "phone"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Record the household's consent on its page first.")
        if self.instance.pk:
            del self.fields["confirm_duplicate"]

    def household_fields(self) -> list:
        """The household's own fields; the template lays out the consent and the duplicate question apart."""
        return [self[name] for name in self._meta.fields]

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

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            return data
        self._clean_consent(data)
        self._warn_of_duplicate(data)
        return data

    def _clean_consent(self, data: dict) -> None:
        if not data.get("consent_given"):
            if data.get("head_name") or data.get("phone"):
                self.add_error(
                    "consent_given",
                    _("A name or phone is kept only with the household's consent; tick it or leave them empty."),
                )
            return
        if not data.get("consent_given_by"):
            self.add_error("consent_given_by", _("Who gave the consent?"))
        given_on = data.get("consent_given_on")
        if not given_on:
            self.add_error("consent_given_on", _("The day the consent was given."))
        elif given_on > timezone.localdate():
            self.add_error("consent_given_on", _("Consent cannot be given in the future."))
        if not data.get("consent_channel"):
            self.add_error("consent_channel", _("How was the consent given?"))

    def _warn_of_duplicate(self, data: dict) -> None:
        hamlet, address = data.get("hamlet"), data.get("address")
        if not hamlet or not address or data.get("confirm_duplicate"):
            return
        self.duplicate = (
            Household.objects.filter(
                hamlet=hamlet,
                address_sort_key=natural_sort_key(address),
                head_name_folded=fold(data.get("head_name", "")),
            )
            .order_by("pk")
            .first()
        )
        if self.duplicate is not None:
            self.add_error(
                None,
                forms.ValidationError(
                    _("The register already has this household (same hamlet, address and head). Add it anyway?"),
                    code="duplicate",
                ),
            )

    def consent(self) -> ConsentGiven | None:
        """The consent given with a new household, once the form is valid."""
        data = self.cleaned_data
        if self.instance.pk or not data.get("consent_given"):
            return None
        return ConsentGiven(data["consent_given_by"], _noon_of(data["consent_given_on"]), data["consent_channel"])


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        fields = ["given_by", "given_at", "purpose", "channel"]
        widgets = {"given_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household
        self.fields["given_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]
        self.fields["given_at"].initial = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    def clean_purpose(self) -> str:
        purpose = self.cleaned_data["purpose"]
        if self.household.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists():
            raise forms.ValidationError(_("The household already has an active consent for this purpose."))
        return purpose

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
            "owner_name",
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
        self.fields["owner"].required = False
        self.fields["owner"].label_from_instance = lambda h: " — ".join(
            part for part in (h.head_name, f"{h.hamlet.name}, {h.address}") if part
        )
        self.fields["owner_name"].help_text = _("When the owner's household is not in the register yet.")
        self.fields["expected_return_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def clean_registration_number(self) -> str:
        number = self.cleaned_data["registration_number"].strip().upper().replace(" ", "")
        if not re.fullmatch(r"[A-ZĐ]{2,3}-\d{3,6}-[A-Z]{2}", number):
            raise forms.ValidationError(_("Use the registration format, e.g. NĐ-90123-TS."))
        return number

    def clean_owner_name(self) -> str:
        return " ".join(self.cleaned_data.get("owner_name", "").split())

    def clean(self):
        data = super().clean()
        if not data.get("owner") and not data.get("owner_name") and not self.has_error("owner"):
            self.add_error("owner", _("Choose the owner's household or write the owner's name."))
        return data

    def clean_length_m(self):
        length = self.cleaned_data.get("length_m")
        if length is not None and not 0 < length < 200:
            raise forms.ValidationError(_("Enter a length between 0 and 200 metres."))
        return length
