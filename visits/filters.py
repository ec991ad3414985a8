"""The household register's filters (django-filter): ?q=, ?commune=, ?hamlet=, ?status=, ?consent=, ?assignment=.

Every choice offered is already scoped to the user (communes, hamlets, teams and volunteers they may
see), so a value from outside that scope is a form error, shown on the page, and the list is then
empty: never silently the user's whole register as if the filter had been applied.
"""

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.text import fold
from units.models import AdministrativeUnit

from .models import Hamlet, Household, HouseholdStatus
from .selectors import CONSENT_GIVEN, CONSENT_MISSING

OUT_OF_SCOPE = _("Outside what you can see.")


class HouseholdFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Head of household"), method="filter_head_name", max_length=100)
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        queryset=AdministrativeUnit.objects.none(),
        to_field_name="code",
        error_messages={"invalid_choice": OUT_OF_SCOPE},
    )
    hamlet = django_filters.ModelChoiceFilter(
        label=_("Hamlet"), queryset=Hamlet.objects.none(), error_messages={"invalid_choice": OUT_OF_SCOPE}
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=HouseholdStatus.choices, empty_label=_("Any status")
    )
    consent = django_filters.ChoiceFilter(
        label=_("Consent"),
        method="filter_consent",
        choices=[
            (CONSENT_GIVEN, _("Consent given (name and phone kept)")),
            (CONSENT_MISSING, _("No consent (address only)")),
        ],
        empty_label=_("Any"),
    )
    assignment = django_filters.ChoiceFilter(
        label=_("Assignment"),
        method="filter_assignment",
        empty_label=_("Any assignment"),
        error_messages={"invalid_choice": OUT_OF_SCOPE},
    )

    class Meta:
        model = Household
        fields: list[str] = []  # only the filters declared above

    def __init__(self, data=None, queryset=None, *, communes, hamlets, teams, volunteers, show_names: bool):
        """communes is None for a commune officer (one commune); hamlets are those of the chosen commune."""
        super().__init__(data, queryset)
        if communes is None:
            del self.filters["commune"]
        else:
            self.filters["commune"].queryset = communes
        self.filters["hamlet"].queryset = hamlets
        if not show_names:
            del self.filters["q"]  # not offered, so it cannot be used to probe who lives where
        choices = [("unassigned", _("Not assigned"))]
        choices += [(f"team:{t.pk}", t.name) for t in teams]
        choices += [(f"volunteer:{v.pk}", v.get_full_name() or v.username) for v in volunteers]
        self.filters["assignment"].extra["choices"] = choices

    @property
    def qs(self) -> QuerySet[Household]:
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs

    def filter_head_name(self, households: QuerySet[Household], name: str, value: str) -> QuerySet[Household]:
        return households.filter(head_name_folded__contains=fold(value)) if fold(value) else households

    def filter_consent(self, households: QuerySet[Household], name: str, value: str) -> QuerySet[Household]:
        return households.filter(consent__isnull=value == CONSENT_MISSING)

    def filter_assignment(self, households: QuerySet[Household], name: str, value: str) -> QuerySet[Household]:
        kind, _sep, ident = value.partition(":")
        if kind == "unassigned":
            return households.filter(assigned_team__isnull=True, assigned_volunteer__isnull=True)
        if kind == "team":
            return households.filter(assigned_team_id=int(ident))
        if kind == "volunteer":
            return households.filter(assigned_volunteer_id=int(ident))
        return households
