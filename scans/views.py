import datetime

from django.shortcuts import render

from accounts.access import access_unit, staff_required
from products.access import access_product_by_code

from . import selectors
from .charts import daily_bar_chart
from .services import scan_day

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30


@staff_required
def dashboard(request):
    """Scans per day, per commune and per product, over the last 7/30/90 days, within the user's units.

    ?commune=<GSO code> and ?product=<CODE> narrow everything to one unit or one product (404 outside
    the user's scope).
    """
    period = int(request.GET["days"]) if request.GET.get("days") in {str(p) for p in PERIODS} else DEFAULT_PERIOD
    last_day = scan_day()
    first_day = last_day - datetime.timedelta(days=period - 1)
    unit = product = None
    if commune_code := request.GET.get("commune", "").strip()[:10]:
        unit = access_unit(request.user, commune_code)
    if product_code := request.GET.get("product", "").strip()[:16]:
        product = access_product_by_code(request.user, product_code)
    scans = selectors.scans_in_scope(request.user, first_day, last_day, unit=unit, product=product)
    days = selectors.daily_totals(scans, first_day, last_day)
    context = {
        "period": period,
        "periods": PERIODS,
        "unit": unit,
        "product": product,
        "chart": daily_bar_chart(days),
        "total_views": sum(d.views for d in days),
        "total_unique": sum(d.unique_visitors for d in days),
        "by_commune": selectors.totals_by_commune(scans),
        "by_product": selectors.totals_by_product(scans),
    }
    return render(request, "scans/dashboard.html", context)
