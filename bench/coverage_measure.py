"""The measuring half of bench.coverage, run as a child process whose DATABASE_URL names the scale
database (never the portal's own): `python -m bench.coverage_measure pages|report <kind>|sync`.
Prints one BENCH_RESULT=<json> line.
"""

import json
import resource
import statistics
import sys
import time

REQUESTS = 20
NAIVE_RUNS = 5
# (label, URL, counted: the coverage figures are counted on every request, none remembered — see
# coverage/figures_cache.py; the plain rows are what a user gets within a minute of another's view)
PAGES = [
    ("/coverage/ (province)", "/coverage/", False),
    ("/coverage/ (province), figures counted on every request", "/coverage/", True),
    ("/coverage/365/ (a district: Huyện Giao Thủy)", "/coverage/365/", False),
    ("/coverage/365/ (a district), figures counted on every request", "/coverage/365/", True),
    ("/outreach/progress/ (province)", "/outreach/progress/?unit=36", False),
    ("/outreach/progress/?unit=365 (a district)", "/outreach/progress/?unit=365", False),
]
# What the rollups replace: one GROUP BY over every current visit, per commune.
NAIVE_AGGREGATE = """
SELECT h.commune_id, count(*), count(*) FILTER (WHERE v.outcome = 'met'), count(DISTINCT v.household_id)
FROM visits_visit v JOIN visits_household h ON h.id = v.household_id
WHERE NOT EXISTS (SELECT 1 FROM visits_visit r WHERE r.replaces_id = v.id)
GROUP BY h.commune_id
"""


def _setup() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from scale.database import SUFFIX

    if not connection.settings_dict["NAME"].endswith(SUFFIX):
        raise SystemExit("bench.coverage_measure runs on the scale database only")
    settings.DEBUG = False  # DEBUG would keep every query in memory and skew the figures


def _province_admin():
    from accounts.models import Role, User
    from units.models import AdministrativeUnit

    province = AdministrativeUnit.objects.get(code="36")
    user, _created = User.objects.get_or_create(
        username="bench_province_admin", defaults={"role": Role.PROVINCE_ADMIN, "unit": province}
    )
    return user


def _slowest(queries: list[dict], count: int = 3) -> list[str]:
    ranked = sorted(queries, key=lambda q: float(q["time"]), reverse=True)[:count]
    return [f"{float(q['time']) * 1000:.0f} ms: {' '.join(q['sql'].split())[:160]}" for q in ranked]


def _python_profile(client, url: str, counted: bool, count: int = 6) -> list[str]:
    """Where one request spends its time in Python: the functions with the most own time."""
    import cProfile
    import pstats

    from coverage import figures_cache

    if counted:
        figures_cache.forget()
    profile = cProfile.Profile()
    profile.enable()
    client.get(url, secure=True)
    profile.disable()
    stats = pstats.Stats(profile)
    ranked = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:count]
    return [
        f"{own * 1000:.0f} ms in {name} ({file.rsplit('/', 2)[-1]}:{line})"
        for (file, line, name), (_c, _n, own, *_r) in ranked
    ]


def pages() -> dict:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from coverage import figures_cache

    client = Client(SERVER_NAME="localhost")
    client.force_login(_province_admin())
    found = {}
    for label, url, counted in PAGES:
        figures_cache.forget()  # the warm-up counts the figures (its queries are the page's counting path)
        reset_queries()  # each request resets the log (request_started): start the capture from empty
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url, secure=True).status_code  # warm: the first request also fills caches
        # Read now: captured_queries slices the live log, which the next request resets.
        queries, slowest = len(captured), _slowest(captured.captured_queries)
        seconds = []
        for _n in range(REQUESTS):
            if counted:
                figures_cache.forget()
            started = time.perf_counter()
            client.get(url, secure=True)
            seconds.append(time.perf_counter() - started)
        seconds.sort()
        found[label] = {
            "status": status,
            "p50_ms": statistics.median(seconds) * 1000,
            "p95_ms": seconds[int(0.95 * (len(seconds) - 1))] * 1000,
            "queries": queries,
            "slowest": slowest,
            "python": _python_profile(client, url, counted),
        }
    seconds = []
    with connection.cursor() as cursor:
        for _n in range(NAIVE_RUNS):
            started = time.perf_counter()
            cursor.execute(NAIVE_AGGREGATE)
            cursor.fetchall()
            seconds.append(time.perf_counter() - started)
    found["naive"] = {"p50_ms": statistics.median(seconds) * 1000, "max_ms": max(seconds) * 1000, "runs": NAIVE_RUNS}
    return found


def report(kind: str) -> dict:
    """Build the province's report of last month, as the Celery task does, in this fresh process."""
    from django.utils import timezone

    from coverage import report_services
    from coverage.models import Report
    from units.models import AdministrativeUnit

    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    last_month = timezone.localdate().replace(day=1) - timezone.timedelta(days=1)
    Report.objects.filter(status__in=Report.ACTIVE).delete()  # an interrupted earlier run
    report, _joined = report_services.request_report(
        _province_admin(), AdministrativeUnit.objects.get(code="36"), kind, "month", last_month
    )
    started = time.perf_counter()
    report_services.build(report.pk)
    seconds = time.perf_counter() - started
    report.refresh_from_db()
    return {
        "status": report.status,
        "error": report.error,
        "seconds": seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "baseline_mb": baseline_kb / 1024,
        "bytes": report.file.size if report.file else 0,
    }


def sync() -> dict:
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from bench import sync_visits
    from visits.models import Visit

    stored = Visit.objects.count()
    reset_queries()
    request_started.disconnect(reset_queries)  # keep every batch's statements, not the last one's
    try:
        with CaptureQueriesContext(connection) as captured:
            section = sync_visits.run()
            slowest = _slowest(captured.captured_queries)
    finally:
        request_started.connect(reset_queries)
    new = next(row for row in section.rows if row[0] == "New visits")
    return {
        "stored_before": stored,
        "median_visits_per_s": float(new[3].replace(",", "")),
        "total_visits_per_s": float(new[4].replace(",", "")),
        "slowest": slowest,
    }


if __name__ == "__main__":
    _setup()
    what = sys.argv[1]
    result = {"pages": pages, "sync": sync}[what]() if what != "report" else report(sys.argv[2])
    print("BENCH_RESULT=" + json.dumps(result), flush=True)
