"""What the scan dashboard reads: three grouped queries over ScanDay, whatever the volume."""

import datetime
from dataclasses import dataclass

from django.db.models import F, QuerySet, Sum

from accounts.access import scope_to_units
from accounts.models import User
from products.models import Product
from units.models import AdministrativeUnit, in_subtree

from .models import ScanDay

TOP_ROWS = 50


@dataclass(frozen=True)
class DayTotal:
    day: datetime.date
    views: int
    unique_visitors: int


def scans_in_scope(
    user: User,
    first_day: datetime.date,
    last_day: datetime.date,
    unit: AdministrativeUnit | None = None,
    product: Product | None = None,
) -> QuerySet[ScanDay]:
    scans = scope_to_units(user, ScanDay.objects.filter(day__range=(first_day, last_day)), "product__producer__commune")
    if unit is not None:
        scans = scans.filter(in_subtree(unit, "product__producer__commune"))
    if product is not None:
        scans = scans.filter(product=product)
    return scans


def daily_totals(scans: QuerySet[ScanDay], first_day: datetime.date, last_day: datetime.date) -> list[DayTotal]:
    """One entry per day of the period, zero for days without scans."""
    found = {
        row["day"]: row
        for row in scans.values("day").annotate(views_sum=Sum("views"), unique_sum=Sum("unique_visitors"))
    }
    days = []
    day = first_day
    while day <= last_day:
        row = found.get(day, {})
        days.append(DayTotal(day, row.get("views_sum", 0), row.get("unique_sum", 0)))
        day += datetime.timedelta(days=1)
    return days


def totals_by_commune(scans: QuerySet[ScanDay]) -> list[dict]:
    return list(
        scans.values(code=F("product__producer__commune__code"), name=F("product__producer__commune__name"))
        .annotate(views_sum=Sum("views"), unique_sum=Sum("unique_visitors"))
        .order_by("-views_sum", "name")[:TOP_ROWS]
    )


def totals_by_product(scans: QuerySet[ScanDay]) -> list[dict]:
    return list(
        scans.values(
            code=F("product__code"),
            name=F("product__name"),
            producer=F("product__producer__name"),
        )
        .annotate(views_sum=Sum("views"), unique_sum=Sum("unique_visitors"))
        .order_by("-views_sum", "name")[:TOP_ROWS]
    )
