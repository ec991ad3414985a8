"""Demo scan history, so the dashboard has something to show: 30 days for every active product."""

import datetime
import random

from products.models import Product

from . import rollups
from .models import ScanDay
from .services import scan_day

DAYS = {"demo": 30, "large": 90}


def seed(scale: str, stdout) -> None:
    """Idempotent: existing (product, day) rows are left as they are."""
    today = scan_day()
    days = DAYS.get(scale, 30)
    rows = []
    for product_id in Product.objects.filter(is_active=True).values_list("pk", flat=True):
        rng = random.Random(product_id)  # the same history on every run
        for offset in range(1, days + 1):
            views = rng.randint(0, 40)
            rows.append(
                ScanDay(
                    product_id=product_id,
                    day=today - datetime.timedelta(days=offset),
                    views=views,
                    unique_visitors=int(views * rng.uniform(0.5, 0.9)),
                )
            )
    created = ScanDay.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    rollups.refresh_product_days((row.product_id, row.day) for row in rows)  # bulk_create sends no signal
    stdout.write(f"scans: {len(created)} demo scan days for {days} days")
