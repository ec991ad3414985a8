from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from core.text import fold

from .models import AdministrativeUnit

Level = AdministrativeUnit.Level


@dataclass
class ProvinceOverview:
    province: AdministrativeUnit | None
    districts: int
    communes: int
    by_kind: dict[str, int]


def province_overview() -> ProvinceOverview:
    current = AdministrativeUnit.objects.current()
    counts = current.aggregate(
        districts=Count("id", filter=Q(level=Level.DISTRICT)),
        communes=Count("id", filter=Q(level=Level.COMMUNE)),
        xa=Count("id", filter=Q(level=Level.COMMUNE, kind="Xã")),
        phuong=Count("id", filter=Q(level=Level.COMMUNE, kind="Phường")),
        thi_tran=Count("id", filter=Q(level=Level.COMMUNE, kind="Thị trấn")),
    )
    return ProvinceOverview(
        province=current.filter(level=Level.PROVINCE).first(),
        districts=counts["districts"],
        communes=counts["communes"],
        by_kind={"Xã": counts["xa"], "Phường": counts["phuong"], "Thị trấn": counts["thi_tran"]},
    )


def districts_with_communes(query: str = "") -> list[AdministrativeUnit]:
    """Districts, each with .matching_communes; a query keeps communes whose name or district matches.

    Two queries whatever the number of units: one for districts, one for communes.
    """
    current = AdministrativeUnit.objects.current()
    districts = list(current.filter(level=Level.DISTRICT).order_by("code"))
    communes = current.filter(level=Level.COMMUNE).order_by("name_folded")
    folded = fold(query)
    if folded:
        communes = communes.filter(Q(name_folded__contains=folded) | Q(parent__name_folded__contains=folded))
    by_district = defaultdict(list)
    for commune in communes:
        by_district[commune.parent_id].append(commune)
    for district in districts:
        district.matching_communes = by_district[district.id]
    if folded:
        districts = [d for d in districts if d.matching_communes or folded in d.name_folded]
    return districts
