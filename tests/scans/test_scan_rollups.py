"""The scan rollups (scans.rollups) stay equal to a direct recount of ScanDay after any mix of flushes,
producers and products moving between communes and products deleted; the coverage source reads them."""

import datetime
import io
import random

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from core.indicators import Period
from products import services as product_services
from scans import services
from scans.indicators import SOURCE
from scans.models import CommuneScanDay, CommuneScans, ScanDay
from tests.products.factories import ProducerFactory, ProductFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("scan_counter")]

COMMUNES = ["13696", "13699", "14155"]


def recount_days() -> dict[tuple[int, datetime.date], int]:
    rows = ScanDay.objects.values("product__producer__commune_id", "day").annotate(views=Sum("views"))
    return {(row["product__producer__commune_id"], row["day"]): row["views"] for row in rows if row["views"]}


def stored_days() -> dict[tuple[int, datetime.date], int]:
    return {(row.commune_id, row.day): row.views for row in CommuneScanDay.objects.all() if row.views}


def recount_totals() -> dict[int, int]:
    totals: dict[int, int] = {}
    for (commune_id, _day), views in recount_days().items():
        totals[commune_id] = totals.get(commune_id, 0) + views
    return totals


def stored_totals() -> dict[int, int]:
    return {row.commune_id: row.views for row in CommuneScans.objects.all() if row.views}


def flush_views(rng: random.Random, products: list, scan_counter) -> None:
    """A few views of random products on random days of the last ten, moved to ScanDay by the flush."""
    today = services.scan_day()
    for _n in range(rng.randint(1, 6)):
        day = today - datetime.timedelta(days=rng.randint(0, 9))
        visitor = f"{rng.getrandbits(64):016x}"
        scan_counter.buffer_view((visitor, rng.choice(products).pk, f"{day:%Y%m%d}"))
    scan_counter.flush_buffered()
    services.flush_scan_counters()


def test_scan_rollups_equal_a_direct_recount_after_a_random_mix_of_writes(unit, scan_counter):
    rng = random.Random(20261205)
    communes = [unit(code) for code in COMMUNES]
    producers = [ProducerFactory(commune=rng.choice(communes)) for _n in range(4)]
    products = [ProductFactory(producer=rng.choice(producers)) for _n in range(6)]

    for _step in range(80):
        action = rng.choice(["views", "views", "views", "move_producer", "move_product", "delete", "new"])
        if action == "views" and products:
            flush_views(rng, products, scan_counter)
        elif action == "move_producer":
            producer = rng.choice(producers)
            producer.commune = rng.choice(communes)
            product_services.save_producer(producer)
        elif action == "move_product" and products:
            product = rng.choice(products)
            product.producer = rng.choice(producers)
            product_services.save_product(product)
        elif action == "delete" and len(products) > 2:
            product = rng.choice(products)
            products.remove(product)
            product.delete()
        elif action == "new":
            products.append(ProductFactory(producer=rng.choice(producers)))
        # After every step: a later full recount of a commune must not hide a step that missed one.
        assert stored_days() == recount_days(), action

    assert len(recount_days()) > 5, "the mix must spread views over communes and days"
    assert stored_days() == recount_days()
    assert stored_totals() == recount_totals()
    incremental = (stored_days(), stored_totals())
    call_command("rebuild_rollups", stdout=io.StringIO())
    assert (stored_days(), stored_totals()) == incremental


def test_the_coverage_source_reads_the_rollups_all_time_by_period_and_by_week(unit, scan_counter):
    province, commune = unit("36"), unit("13696")
    product = ProductFactory(producer=ProducerFactory(commune=commune))
    other = ProductFactory(producer=ProducerFactory(commune=unit("14155")))
    flush_views(random.Random(7), [product, other], scan_counter)
    today = services.scan_day()
    for offset, views in [(0, 3), (20, 5), (40, 7)]:
        ScanDay.objects.create(product=product, day=today - datetime.timedelta(days=offset), views=views)

    def direct(period=None, product_ids=None) -> int:
        rows = ScanDay.objects.all()
        if period:
            rows = rows.filter(day__range=period)
        if product_ids:
            rows = rows.filter(product_id__in=product_ids)
        return rows.aggregate(total=Sum("views", default=0))["total"]

    month = Period(today - datetime.timedelta(days=29), today)
    assert SOURCE.counts(None, [province, commune]) == {
        province.pk: {"scans": direct()},
        commune.pk: {"scans": direct(product_ids=[product.pk])},
    }
    assert SOURCE.counts(month, [province]) == {province.pk: {"scans": direct(month)}}
    weeks = SOURCE.weekly(Period(today - datetime.timedelta(weeks=8), today), province)
    assert sum(week["scans"] for week in weeks.values()) == direct(Period(min(weeks), today)), (
        "every view of the weeks shown"
    )


def test_a_deleted_product_takes_its_views_out_of_its_commune(unit, scan_counter):
    commune = unit("13696")
    kept, deleted = (ProductFactory(producer=ProducerFactory(commune=commune)) for _n in range(2))
    for product, views in [(kept, 4), (deleted, 6)]:
        ScanDay.objects.create(product=product, day=timezone.localdate(), views=views)
    assert stored_totals() == {commune.pk: 10}

    deleted.delete()

    assert stored_totals() == {commune.pk: 4}
    assert stored_days() == recount_days()
