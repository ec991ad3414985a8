"""Target units chosen by district: each district, its communes, and an "all communes" box.

Rendered server-side (templates/campaigns/_unit_picker.html); static/js/campaigns/unit_picker.js only
ticks the commune boxes when "all communes" is ticked — the server expands "all" on its own.
"""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.access import units_visible_to
from accounts.models import User
from units.models import AdministrativeUnit


@dataclass
class PickerGroup:
    district: AdministrativeUnit | None
    district_checked: bool
    all_checked: bool
    communes: list[tuple[AdministrativeUnit, bool]]


class UnitPickerMixin:
    """Adds `units` (ids of districts/communes) and `all_communes` (district ids) to a form."""

    picker_allows_districts = True
    picker_label = _("Target units")

    def setup_picker(self, user: User, initial_units: list[AdministrativeUnit] = ()):
        scope = units_visible_to(user).current().filter(level__gte=AdministrativeUnit.Level.DISTRICT)
        self._picker_units = list(scope.order_by("path").only("pk", "name", "level", "parent_id", "path"))
        self._picker_by_pk = {u.pk: u for u in self._picker_units}
        self.fields["units"] = forms.TypedMultipleChoiceField(
            label=self.picker_label, coerce=int, required=False, choices=[(u.pk, u.name) for u in self._picker_units]
        )
        districts = [u.pk for u in self._picker_units if u.level == AdministrativeUnit.Level.DISTRICT]
        self.fields["all_communes"] = forms.TypedMultipleChoiceField(
            coerce=int, required=False, choices=[(pk, pk) for pk in districts]
        )
        self._picker_initial = {u.pk for u in initial_units}

    def clean(self):
        cleaned = super().clean()
        chosen = set(cleaned.get("units") or [])
        for district_pk in cleaned.get("all_communes") or []:
            chosen |= {u.pk for u in self._picker_units if u.parent_id == district_pk}
        units = [self._picker_by_pk[pk] for pk in sorted(chosen)]
        if not self.picker_allows_districts:
            units = [u for u in units if u.level == AdministrativeUnit.Level.COMMUNE]
        if not units:
            self.add_error("units", _("Choose at least one unit."))
        cleaned["target_units"] = sorted(units, key=lambda u: u.path)
        return cleaned

    def picker_groups(self) -> list[PickerGroup]:
        if self.is_bound:
            chosen = {int(v) for v in self.data.getlist("units") if v.isascii() and v.isdigit()}
            all_of = {int(v) for v in self.data.getlist("all_communes") if v.isascii() and v.isdigit()}
        else:
            chosen, all_of = self._picker_initial, set()
        groups: dict[int | None, PickerGroup] = {}
        for unit in self._picker_units:
            if unit.level == AdministrativeUnit.Level.DISTRICT:
                groups[unit.pk] = PickerGroup(unit, unit.pk in chosen, unit.pk in all_of, [])
        for unit in self._picker_units:
            if unit.level == AdministrativeUnit.Level.COMMUNE:
                group = groups.setdefault(unit.parent_id, PickerGroup(None, False, False, []))
                group.communes.append((unit, unit.pk in chosen or unit.parent_id in all_of))
        return list(groups.values())
