"""core.indicators: subtree sums by path, the one-prefix scope, and gathering every app's sources."""

import datetime

import pytest

from core.indicators import (
    FunctionSource,
    Indicator,
    Kind,
    Period,
    QuerySource,
    Question,
    all_indicators,
    ask,
    gather,
    in_any_subtree,
    sources,
    sum_by_subtree,
)
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


def test_every_query_source_answers_every_question_of_a_page_in_one_statement(
    unit, nam_dinh, django_assert_num_queries
):
    today = datetime.date(2026, 3, 11)  # a Wednesday
    questions = {
        "period": Question(None, [nam_dinh, unit("365")]),
        "recent": Question(Period(today - datetime.timedelta(days=13), today), [unit("365")], Kind.EVENT),
        "weekly": Question(Period(datetime.date(2026, 2, 23), today), [nam_dinh], weekly=True),
    }
    assert all(isinstance(source, QuerySource) for source in sources())
    with django_assert_num_queries(1):
        answers = ask(questions)
    assert set(answers["period"][nam_dinh.pk]) == {i.code for i in all_indicators()}
    assert set(answers["recent"][unit("365").pk]) == {i.code for i in all_indicators() if i.kind == Kind.EVENT}
    assert list(answers["weekly"]) == [datetime.date(2026, 2, 23), datetime.date(2026, 3, 2), datetime.date(2026, 3, 9)]
    assert answers["weekly"][datetime.date(2026, 3, 9)]["visits"] == 0


def test_a_source_with_only_a_counts_function_still_plugs_in(nam_dinh):
    extra = FunctionSource([Indicator("extra", "Extra")], lambda period, units: {u.pk: {"extra": 2} for u in units})
    answers = ask({"period": Question(None, [nam_dinh])}, among=[extra, *sources()])
    assert answers["period"][nam_dinh.pk]["extra"] == 2
    assert answers["period"][nam_dinh.pk]["households_registered"] == 0
