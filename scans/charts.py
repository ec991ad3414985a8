"""Geometry of the server-drawn SVG bar chart (no JavaScript, nothing from a CDN)."""

import math
from dataclasses import dataclass

from .selectors import DayTotal

HEIGHT = 200
PLOT_TOP, PLOT_BOTTOM = 10, 175
LEFT = 40
SLOT = 16
MAX_X_LABELS = 8


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    day: DayTotal


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class XLabel:
    x: float
    text: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    views: list[Bar]
    uniques: list[Bar]
    ticks: list[Tick]
    x_labels: list[XLabel]
    plot_bottom: int = PLOT_BOTTOM
    left: int = LEFT


def _nice_ceiling(value: int) -> int:
    """1, 2, 5 × 10^k at or above value, so the axis reads in round numbers."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def daily_bar_chart(days: list[DayTotal]) -> BarChart:
    """Views as wide bars, unique visitors as narrow bars inside them (never more than the views)."""
    top = _nice_ceiling(max((d.views for d in days), default=0))
    scale = (PLOT_BOTTOM - PLOT_TOP) / top

    def bar(index: int, value: int, width: float, day: DayTotal) -> Bar:
        height = value * scale
        x = LEFT + index * SLOT + (SLOT - width) / 2
        return Bar(x, PLOT_BOTTOM - height, width, height, day)

    every = max(1, math.ceil(len(days) / MAX_X_LABELS))
    return BarChart(
        width=LEFT + len(days) * SLOT + 4,
        height=HEIGHT,
        views=[bar(i, d.views, SLOT * 0.8, d) for i, d in enumerate(days)],
        uniques=[bar(i, d.unique_visitors, SLOT * 0.4, d) for i, d in enumerate(days)],
        ticks=[Tick(PLOT_BOTTOM - v * scale, v) for v in sorted({0, top // 2, top})],
        x_labels=[
            XLabel(LEFT + i * SLOT + SLOT / 2, d.day.strftime("%d/%m")) for i, d in enumerate(days) if i % every == 0
        ],
    )
