"""Visit sync throughput: visits/s for 500-visit batches of new visits, and the same batches replayed.

Sets up its own bench commune (a hamlet, 1,000 households, a volunteer with an API token) in the
database named by DATABASE_URL, measures, then deletes all of it again so the portal's data is as
before. Run alone with `python -m bench.run sync_visits`.
"""

import datetime
import json
import os
import statistics
import time
import uuid

from bench.run import Section

BATCHES = 10
BATCH_SIZE = 500
HOUSEHOLDS = 1000
BENCH_UNIT_CODE = "BENCH-SV"
BENCH_USERNAME = "bench_sync_volunteer"
SKILLS = ["public_services", "shopping", "payment", "safety", "local_platforms"]


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # developer switches (no HTTPS redirect); DEBUG itself goes off below
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # DEBUG would record every query in memory and skew the figures


def _remove_bench_data() -> None:
    from accounts.models import User
    from units.models import AdministrativeUnit
    from visits.models import Hamlet, Household, Team, Visit

    Visit.objects.filter(household__commune__code=BENCH_UNIT_CODE).delete()
    Household.objects.filter(commune__code=BENCH_UNIT_CODE).delete()
    Hamlet.objects.filter(commune__code=BENCH_UNIT_CODE).delete()
    Team.objects.filter(commune__code=BENCH_UNIT_CODE).delete()
    User.objects.filter(username=BENCH_USERNAME).delete()
    AdministrativeUnit.objects.filter(code=BENCH_UNIT_CODE).delete()


def _create_bench_data() -> tuple[list[int], str]:
    """A bench commune under the first district, its households all assigned to one bench volunteer."""
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.api_auth import issue_token
    from accounts.models import Role, User
    from units.models import AdministrativeUnit
    from visits.models import Consent, ConsentGiven, Hamlet, Household, Team
    from visits.register import NewHousehold, add_households_in_bulk

    if not AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT).exists():
        call_command("import_units", verbosity=0)
    district = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT).order_by("path").first()
    commune = AdministrativeUnit.objects.create(
        code=BENCH_UNIT_CODE, name="Xã Benchmark", kind="Xã", level=AdministrativeUnit.Level.COMMUNE, parent=district
    )
    hamlet = Hamlet.objects.create(commune=commune, name="Thôn Benchmark")
    volunteer = User.objects.create_user(BENCH_USERNAME, role=Role.VOLUNTEER, unit=commune)
    # As in the field: the households are the walk list of the volunteer's team (tổ CNS), so the sync
    # also recounts the team's rollups.
    team = Team.objects.create(commune=commune, name="Tổ Benchmark", leader=volunteer)
    team.members.add(volunteer)
    # Names and phones only with a consent record, as the register keeps them.
    consent_day = timezone.now() - datetime.timedelta(days=30)
    households = add_households_in_bulk(
        [
            NewHousehold(
                Household(commune=commune, hamlet=hamlet, address=f"Số {n}", members_count=4, assigned_team=team),
                f"Nguyễn Văn Bench {n}",
                f"0912{n:06d}",
                ConsentGiven(f"Nguyễn Văn Bench {n}", consent_day, Consent.Channel.PAPER_FORM),
            )
            for n in range(HOUSEHOLDS)
        ],
        recorded_by=None,
    )
    return [h.id for h in households], issue_token(volunteer)


def _batches(household_ids: list[int]) -> list[bytes]:
    """Realistic phone batches: two visits per household, varied outcomes, skills and notes."""
    now = datetime.datetime.now(datetime.UTC)
    bodies = []
    for b in range(BATCHES):
        visits = []
        for i in range(BATCH_SIZE):
            n = b * BATCH_SIZE + i
            met = n % 4 != 3
            visits.append(
                {
                    "uuid": str(uuid.uuid4()),
                    "household": household_ids[(n // 2) % len(household_ids)],
                    "visited_at": (now - datetime.timedelta(minutes=5 + n)).isoformat(),
                    "outcome": "met" if met else "not_home",
                    "skills": SKILLS[: 1 + n % 5] if met else [],
                    "services": ["vneid_level2", "cashless_account"][: n % 3] if met else [],
                    "people_helped": 1 + n % 3 if met else 0,
                    "notes": "Hướng dẫn cài đặt VNeID mức 2 và thanh toán không dùng tiền mặt" if n % 2 else "",
                    "next_visit_on": (now + datetime.timedelta(days=7)).date().isoformat() if n % 5 == 0 else None,
                }
            )
        bodies.append(json.dumps({"visits": visits}).encode())
    return bodies


def _post_all(client, bodies: list[bytes], expected: str) -> list[float]:
    seconds = []
    for body in bodies:
        started = time.perf_counter()
        response = client.post("/api/v1/visits/sync", body, content_type="application/json", secure=True)
        seconds.append(time.perf_counter() - started)
        statuses = {r["status"] for r in response.json()["results"]} if response.status_code == 200 else set()
        if statuses != {expected}:  # a figure for failing requests would be meaningless
            raise RuntimeError(f"sync answered {response.status_code} {statuses or response.content[:200]!r}")
    return seconds


def _row(label: str, seconds: list[float]) -> list[str]:
    median = statistics.median(seconds)
    return [
        label,
        str(len(seconds)),
        f"{median * 1000:.0f}",
        f"{BATCH_SIZE / median:,.0f}",
        f"{BATCH_SIZE * len(seconds) / sum(seconds):,.0f}",
    ]


def run() -> Section:
    _setup_django()
    from django.db import transaction
    from django.test import Client

    from visits.models import Visit

    with transaction.atomic():
        _remove_bench_data()  # leftovers of an interrupted run
        household_ids, token = _create_bench_data()
    try:
        client = Client(HTTP_AUTHORIZATION=f"Token {token}", SERVER_NAME="localhost")
        client.post("/api/v1/visits/sync", b'{"visits": []}', content_type="application/json", secure=True)  # warm
        bodies = _batches(household_ids)
        new = _post_all(client, bodies, "created")
        replayed = _post_all(client, bodies, "duplicate")
        stored = Visit.objects.filter(household__commune__code="BENCH-SV").count()
    finally:
        with transaction.atomic():
            _remove_bench_data()
    return Section(
        title="Visit sync throughput (POST /api/v1/visits/sync)",
        method=(
            f"{BATCHES} batches of {BATCH_SIZE} visits (two per household over {HOUSEHOLDS:,} households of one "
            "volunteer's team; mixed outcomes, skills, services, notes) sent through the full Django stack — URL "
            "routing, middleware, token authentication, JSON parsing, validation, INSERT … ON CONFLICT, "
            "household roll-up, JSON response — with the in-process Django test Client (no network, "
            "no WSGI server), on the PostgreSQL of DATABASE_URL, DEBUG off. Then the same batches again "
            f"(all duplicates). {stored:,} rows stored; bench data deleted afterwards."
        ),
        header=["Batches", "Count", "Median batch (ms)", "Median visits/s", "Total visits/s"],
        rows=[_row("New visits", new), _row("Replayed (all duplicates)", replayed)],
    )
