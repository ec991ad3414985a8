"""The activity list's filters (django-filter); the same filtered list feeds the page, the calendar and exports."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import units_visible_to
from accounts.models import User
from units.models import AdministrativeUnit, in_subtree

from .access import campaigns_visible_to
from .models import Activity, Audience, Channel

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActivityFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=AdministrativeUnit.objects.none(), method="filter_unit"
    )
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Activity.Status.choices)
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="starts_at", lookup_expr="date__gte", widget=DATE_WIDGET
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="starts_at", lookup_expr="date__lte", widget=DATE_WIDGET
    )
    campaign = django_filters.ModelChoiceFilter(label=_("Campaign"), queryset=None)
    audience = django_filters.ChoiceFilter(
        label=_("Audience"),
        choices=Audience.choices,
        field_name="audiences",
        lookup_expr="contains",
        method="filter_audience",
    )

    class Meta:
        model = Activity
        fields = ["unit", "channel", "status", "date_from", "date_to", "campaign", "audience"]

    def __init__(self, data=None, *args, user: User, **kwargs):
        super().__init__(data, *args, **kwargs)
        # Districts and communes in scope; a district matches its communes' activities too.
        self.filters["unit"].queryset = units_visible_to(user).current().order_by("path")
        self.filters["campaign"].queryset = campaigns_visible_to(user).order_by("-starts_on")
        for name, field in self.form.fields.items():
            is_select = name in ("unit", "channel", "status", "campaign", "audience")
            field.widget.attrs["class"] = "form-select form-select-sm" if is_select else "form-control form-control-sm"

    def filter_unit(self, queryset, name, value):
        return queryset.filter(in_subtree(value, "unit")) if value else queryset

    def filter_audience(self, queryset, name, value):
        return queryset.filter(audiences__contains=[value]) if value else queryset
