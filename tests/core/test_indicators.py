"""core.indicators: subtree sums by path, the one-prefix scope, and gathering every app's sources."""

import datetime

import pytest

from core.indicators import Period, all_indicators, gather, in_any_subtree, sum_by_subtree
from units.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_rows_of_communes_sum_into_every_unit_above_them(unit, nam_dinh):
    rows = [("36/356/13696/", {"visits": 2}), ("36/356/13699/", {"visits": 3}), ("36/365/14149/", {"visits": 5})]
    totals = sum_by_subtree(rows, [nam_dinh, unit("356"), unit("365"), unit("13696"), unit("366")])
    assert totals[nam_dinh.pk] == {"visits": 10}
    assert totals[unit("356").pk] == {"visits": 5}
    assert totals[unit("365").pk] == {"visits": 5}
    assert totals[unit("13696").pk] == {"visits": 2}
    assert totals[unit("366").pk] == {}


def test_scope_is_one_prefix_of_whole_path_segments(unit):
    """Districts 356 and 358 share the text "36/35" but only the province "36/" as a path."""
    scope = in_any_subtree([unit("356"), unit("358")], "parent")
    codes = set(AdministrativeUnit.objects.filter(scope).values_list("code", flat=True))
    assert {"13696", "13708", "14149"} <= codes  # 14149 (Giao Thủy) is read too; sums report only those asked
    assert not AdministrativeUnit.objects.filter(in_any_subtree([], "parent")).exists()


def test_gather_has_every_indicator_of_every_app_for_every_unit(unit, nam_dinh):
    codes = {i.code for i in all_indicators()}
    assert {"households_registered", "visits", "products_listed", "scans", "trained_total"} <= codes
    values = gather(Period(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)), [nam_dinh, unit("365")])
    assert set(values) == {nam_dinh.pk, unit("365").pk}
    assert all(set(v) == codes for v in values.values())
