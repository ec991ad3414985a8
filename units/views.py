from django.shortcuts import get_object_or_404, render

from .models import AdministrativeUnit
from .selectors import districts_with_communes, province_overview


def unit_list(request):
    query = request.GET.get("q", "").strip()[:100]
    districts = districts_with_communes(query)
    return render(
        request,
        "units/unit_list.html",
        {
            "districts": districts,
            "query": query,
            "match_count": sum(len(d.matching_communes) for d in districts),
            "overview": province_overview(),
        },
    )


def unit_detail(request, code: str):
    unit = get_object_or_404(AdministrativeUnit.objects.select_related("parent"), code=code)
    children = unit.children.current().order_by("name_folded")
    return render(
        request,
        "units/unit_detail.html",
        {"unit": unit, "ancestors": unit.ancestors(), "children": children},
    )
