"""The activity list and its XLSX/CSV export at 20,000 activities: time and peak Python memory.

Seeds a bench commune, campaign and 20,000 activities with bulk_create in the database named by
DATABASE_URL, measures through the full Django stack with the in-process test Client (DEBUG off), then
deletes all of it. Run alone with `python -m bench.run campaigns`.
"""

import datetime
import statistics
import time
import tracemalloc

from bench.run import Section
from bench.sync_visits import _setup_django

ACTIVITIES = 20_000
REPEATS = 5
BENCH_UNIT_CODE = "BENCH-CA"
BENCH_USERNAME = "bench_campaigns_admin"
BENCH_CAMPAIGN = "Benchmark campaign"


def _remove_bench_data() -> None:
    from accounts.models import User
    from campaigns.models import Activity, Campaign
    from units.models import AdministrativeUnit

    Activity.objects.filter(campaign__name=BENCH_CAMPAIGN).delete()
    Campaign.objects.filter(name=BENCH_CAMPAIGN).delete()
    User.objects.filter(username=BENCH_USERNAME).delete()
    AdministrativeUnit.objects.filter(code=BENCH_UNIT_CODE).delete()


def seed_activities(count: int = ACTIVITIES):
    """A bench commune under the first district, a campaign and `count` activities (every channel), in bulk.
    Returns the province admin who reads them."""
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import Role, User
    from campaigns.models import Activity, Campaign, Channel
    from units.models import AdministrativeUnit

    if not AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT).exists():
        call_command("import_units", verbosity=0)
    district = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT).order_by("path").first()
    commune = AdministrativeUnit.objects.create(
        code=BENCH_UNIT_CODE, name="Xã Benchmark", kind="Xã", level=AdministrativeUnit.Level.COMMUNE, parent=district
    )
    province = district.parent
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        unit=province,
        name=BENCH_CAMPAIGN,
        starts_on=today - datetime.timedelta(days=400),
        ends_on=today,
        lead_agency="Sở TT&TT",
    )
    channels = list(Channel.values)
    start = timezone.now() - datetime.timedelta(days=365)
    Activity.objects.bulk_create(
        (
            Activity(
                campaign=campaign,
                unit=commune,
                channel=channels[n % len(channels)],
                title=f"Hoạt động tuyên truyền chuyển đổi số số {n}",
                starts_at=start + datetime.timedelta(minutes=26 * n),
                ends_at=start + datetime.timedelta(minutes=26 * n + 120),
                place="Nhà văn hóa thôn",
                organiser="UBND xã",
                participants_in_person=n % 300,
                status="done" if n % 3 else "planned",
                result_report="Hoàn thành." if n % 3 else "",
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    return User.objects.create_user(BENCH_USERNAME, role=Role.PROVINCE_ADMIN, unit=province)


def _consume(response) -> int:
    """Read the body as a client would, chunk by chunk, keeping none of it."""
    if not response.streaming:
        return len(response.content)
    size = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    return size


def _measure(client, url: str) -> tuple[float, float, int]:
    """Median seconds over REPEATS, peak traced Python memory (MiB) of one request, response bytes."""
    seconds, size = [], 0
    for _ in range(REPEATS):
        began = time.perf_counter()
        response = client.get(url)
        size = _consume(response)
        seconds.append(time.perf_counter() - began)
        assert response.status_code == 200, response.status_code  # noqa: S101 - a bench of an error page is no bench
    tracemalloc.start()
    _consume(client.get(url))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(seconds), peak / (1024 * 1024), size


def run() -> Section:
    _setup_django()
    from django.db import transaction
    from django.test import Client

    with transaction.atomic():
        _remove_bench_data()
        user = seed_activities()
    try:
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        rows = []
        for label, url in (
            ("Activity list, first page (50 rows)", "/activities/"),
            ("Activity list filtered (channel + status)", "/activities/?channel=training&status=done"),
            ("CSV export (all rows)", "/activities/?format=csv"),
            ("XLSX export (all rows)", "/activities/?format=xlsx"),
        ):
            median, peak, size = _measure(client, url)
            rows.append([label, f"{median * 1000:,.0f}", f"{peak:,.1f}", f"{size / 1024:,.0f}"])
    finally:
        with transaction.atomic():
            _remove_bench_data()
    return Section(
        title=f"Activity list and export at {ACTIVITIES:,} activities",
        method=(
            f"{ACTIVITIES:,} activities (every channel) seeded with bulk_create, read by a province administrator "
            "(the whole province in scope) through the full Django stack with the in-process test Client, on the "
            f"PostgreSQL of DATABASE_URL, DEBUG off. Median of {REPEATS} requests, body fully read; peak memory is "
            "Python allocations traced (tracemalloc) during one more request. Bench data deleted afterwards."
        ),
        header=["Request", "Median (ms)", "Peak Python memory (MiB)", "Response (KiB)"],
        rows=rows,
    )
