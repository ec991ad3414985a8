"""Forms of the people pages: who may be given which role, unit and teams is decided by the acting user."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.phones import is_valid_phone, normalize_phone
from units.models import AdministrativeUnit, in_subtree

from .access import grantable_roles, units_visible_to
from .models import Role, User

Level = AdministrativeUnit.Level

# The level of unit each role is bound to; a learner may be bound to any unit or none.
UNIT_LEVEL_OF_ROLE = {
    Role.PROVINCE_ADMIN: Level.PROVINCE,
    Role.DISTRICT_OFFICER: Level.DISTRICT,
    Role.COMMUNE_OFFICER: Level.COMMUNE,
    Role.VOLUNTEER: Level.COMMUNE,
}


def team_model():
    """visits.Team, reached through its `members` relation to users, so accounts imports no visits code."""
    return User._meta.get_field("teams").related_model


def teams_in_scope(actor: User) -> QuerySet:
    teams = team_model().objects.select_related("commune").order_by("commune__path", "name")
    if actor.is_superuser:
        return teams
    return teams.filter(in_subtree(actor.unit, "commune")) if actor.unit_id else teams.none()


def _manages_unbound_accounts(actor: User) -> bool:
    return actor.is_superuser or (actor.unit is not None and actor.unit.level == Level.PROVINCE)


class AccountForm(forms.ModelForm):
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Community digital technology teams of the account's commune."),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "phone", "email", "role", "unit"]
        help_texts = {"phone": _("Can be used to log in instead of the username.")}

    def __init__(self, *args, actor: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.fields["role"].choices = [(role.value, role.label) for role in grantable_roles(actor)]
        self.fields["unit"].queryset = units_visible_to(actor).current().order_by("path")
        self.fields["unit"].label_from_instance = lambda unit: f"{'— ' * (unit.level - 1)}{unit.name}"
        self.fields["teams"].queryset = teams_in_scope(actor)
        self.fields["teams"].label_from_instance = lambda team: f"{team.name} · {team.commune.name}"
        if self.instance.pk:
            self.fields["teams"].initial = list(self.instance.teams.values_list("pk", flat=True))
            self.fields["username"].disabled = True

    def clean_phone(self) -> str:
        phone = normalize_phone(self.cleaned_data.get("phone") or "")
        if phone and not is_valid_phone(phone):
            raise forms.ValidationError(_("Enter a Vietnamese phone number, e.g. 0912 345 678."))
        if phone and User.objects.filter(phone=phone).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another account already uses this phone number."))
        return phone

    def clean(self):
        cleaned = super().clean()
        role, unit = cleaned.get("role"), cleaned.get("unit")
        if role is None or "unit" in self.errors:
            return cleaned
        level = UNIT_LEVEL_OF_ROLE.get(role)
        if unit is None and not _manages_unbound_accounts(self.actor):
            # An account with no unit belongs to the province: it would leave this officer's hands.
            self.add_error("unit", _("Choose the account's unit."))
        elif level is not None and (unit is None or unit.level != level):
            self.add_error("unit", _("A %(role)s is bound to a unit of that level.") % {"role": Role(role).label})
        teams = cleaned.get("teams") or []
        if teams and role != Role.VOLUNTEER:
            self.add_error("teams", _("Only volunteers are members of teams."))
        elif any(unit is None or team.commune_id != unit.pk for team in teams):
            self.add_error("teams", _("Choose teams of the account's own commune."))
        return cleaned


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("All roles")), *Role.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    active = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Active and deactivated")), ("1", _("Active")), ("0", _("Deactivated"))],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class VolunteerUploadForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
