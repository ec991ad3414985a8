"""How much data `seed_demo --scale large` makes: the province's full size, or 1/50 of it with
BENCH_SCALE=small for a quick look."""

import os
from dataclasses import dataclass, fields

SMALL_DIVISOR = 50


@dataclass(frozen=True)
class Sizes:
    households: int = 600_000
    volunteers: int = 5_000
    teams: int = 1_500
    visits: int = 2_000_000
    producers: int = 700
    products: int = 2_000
    scans: int = 1_000_000
    learners: int = 50_000
    enrolments: int = 100_000
    activities: int = 20_000
    documents: int = 300  # each to a district's communes, or the province's to every unit
    bulletins: int = 1_500  # each to a district's communes, or the province's to every commune
    days: int = 365  # the visits and scans span the last twelve months

    def divided(self, divisor: int) -> "Sizes":
        return Sizes(**{f.name: max(1, getattr(self, f.name) // divisor) for f in fields(self) if f.name != "days"})


def chosen_sizes(name: str | None = None) -> Sizes:
    """BENCH_SCALE=small (or name="small") divides every count by SMALL_DIVISOR; anything else is full size."""
    name = name or os.environ.get("BENCH_SCALE", "large")
    return Sizes().divided(SMALL_DIVISOR) if name == "small" else Sizes()
