"""The dashboard's figures remembered for up to COVERAGE_FIGURES_MAX_AGE seconds (default 60).

One answer of every indicator source for a province page is one SQL statement over rollups of the
whole province (a few hundred ms at provincial scale) plus its summing, and leaders open the same
pages at the same moments (a Monday meeting). The rollups themselves may lag a minute (the issue's
own bound), so figures at most a minute old are as live as the sources; the page says when they were
counted. Keyed by the questions asked (period, units, kind), so every scope and period has its own.
Redis down is a miss (core.cache): the figures are counted as if nothing were remembered.
"""

import hashlib
from collections.abc import Mapping
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from core.indicators import Question, all_indicators, ask, period_bounds

GENERATION_KEY = "coverage:figures:generation"


def answers(questions: Mapping[str, Question], *, recount: bool = False) -> tuple[dict, datetime]:
    """`core.indicators.ask(questions)` and when it was counted: remembered, or counted now (`recount`:
    counted now and remembered, what the beat task does for the pages most opened)."""
    max_age = settings.COVERAGE_FIGURES_MAX_AGE
    if max_age <= 0:
        return ask(questions), timezone.now()
    key = _key(questions)
    found = None if recount else cache.get(key)
    if found is None:
        found = (ask(questions), timezone.now())
        cache.set(key, found, max_age)
    return found


def forget() -> None:
    """Every remembered figure is counted again on its next request (after a repair of the rollups; tests)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no generation yet
        cache.set(GENERATION_KEY, 1, None)


def _key(questions: Mapping[str, Question]) -> str:
    asked = [
        (tag, period_bounds(q.period), [u.pk for u in q.units], q.kind, q.weekly)
        for tag, q in sorted(questions.items())
    ]
    # The indicator codes too: a deployment that adds a source must not read answers without it.
    parts = (cache.get(GENERATION_KEY, 0), [i.code for i in all_indicators()], asked)
    return "coverage:figures:" + hashlib.sha256(repr(parts).encode()).hexdigest()
