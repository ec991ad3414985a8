"""Demo data for door-to-door outreach (idempotent): Xã Nam Phong's register, teams, walk lists and visits;
fishermen and vessels in Xã Giao Thiện; with scale == "large", thousands more households for benchmarks.

Every name, address and phone here is invented, generated from a fixed seed so reruns give the same data.
"""

import datetime
import random
import uuid

from django.db.models import Count
from django.utils import timezone

from accounts.models import Role, User
from core.demo import demo_password_hash, fake_name, fake_phone
from units.models import AdministrativeUnit

from . import active_rollups, rollups, team_rollups
from .models import (
    Consent,
    ConsentGiven,
    FishingVessel,
    Hamlet,
    Household,
    Outcome,
    Service,
    Skill,
    TargetGroup,
    Team,
    Visit,
)
from .register import NewHousehold, add_households_in_bulk

NAM_PHONG, GIAO_THIEN = "13696", "14161"
NAM_PHONG_HAMLETS = [
    "Thôn Phù Long",
    "Thôn Văn Miếu",
    "Thôn Đông Thượng",
    "Thôn Đông Hạ",
    "Thôn Tân Thành",
    "Thôn Vị Hoàng",
    "Thôn Kênh",
    "Thôn Cầu Đông",
]
EXTRA_VOLUNTEERS = [
    ("tnv_namphong_2", "Trần Minh", "Quân"),
    ("tnv_namphong_3", "Lê Thu", "Hà"),
    ("tnv_namphong_4", "Phạm Đức", "Anh"),
]
VESSEL_NAMES = ["Biển Xanh", "Thuận Phong", "Hải Đăng", "Bình An", "Phúc Lộc", "Đại Dương"]
# What a fortnight of door knocking looks like: most doors open, some nobody home, a few say no.
OUTCOME_MIX = [
    Outcome.MET,
    Outcome.MET,
    Outcome.NOT_HOME,
    Outcome.MET,
    Outcome.COME_BACK,
    Outcome.REFUSED,
    Outcome.MET,
    Outcome.NOT_HOME,
    Outcome.MOVED,
    Outcome.MET,
    Outcome.DO_NOT_CONTACT,
]
DEMO_UUID_NAMESPACE = uuid.UUID("6f1d2f4e-3b8a-4c61-9a57-0d7c3e2b9a10")


def seed(scale: str, stdout) -> None:
    units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=[NAM_PHONG, GIAO_THIEN])}
    if NAM_PHONG in units:
        _seed_nam_phong(units[NAM_PHONG], stdout)
    if GIAO_THIEN in units:
        _seed_giao_thien(units[GIAO_THIEN], stdout)
    if scale == "large":
        _seed_large(stdout)
    # The demo writes in bulk (no signals), so the coverage rollups are recounted once at the end.
    rollups.rebuild_all()
    team_rollups.rebuild_all()
    active_rollups.refresh_all()


def _households(commune, hamlets: list[Hamlet], count: int, rng: random.Random, groups=None) -> list[Household]:
    """Most households agreed to keep their head's name and phone; about one in six is address-only."""

    entries = []
    for n in range(count):
        hamlet = hamlets[n % len(hamlets)]
        tags = groups or rng.sample(
            [
                TargetGroup.FARMER,
                TargetGroup.ELDERLY,
                TargetGroup.STUDENT,
                TargetGroup.SMALL_BUSINESS,
                TargetGroup.WORKER,
            ],
            k=rng.choice([0, 1, 1, 2]),
        )
        head, phone = fake_name(rng), fake_phone(rng) if rng.random() < 0.6 else ""
        consent = None
        if rng.random() < 0.85:
            given_at = timezone.now() - datetime.timedelta(days=rng.randint(20, 60))
            consent = ConsentGiven(head, given_at, rng.choice(Consent.Channel.values))
        household = Household(
            commune=commune,
            hamlet=hamlet,
            address=f"Số {n // len(hamlets) + 1}, ngõ {rng.randint(1, 12)}",
            members_count=rng.randint(1, 7),
            target_groups=[str(t) for t in tags],
        )
        entries.append(NewHousehold(household, head, phone, consent) if consent else NewHousehold(household))
    return add_households_in_bulk(entries, recorded_by=None)


def _volunteers(commune: AdministrativeUnit) -> list[User]:
    password = demo_password_hash()
    users = []
    for username, first, last in EXTRA_VOLUNTEERS:
        user, _created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": Role.VOLUNTEER,
                "unit": commune,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "password": password,
            },
        )
        users.append(user)
    return users


# ---------------------------------------------------------------- Xã Nam Phong


def _seed_nam_phong(commune: AdministrativeUnit, stdout) -> None:
    hamlets = [Hamlet.objects.get_or_create(commune=commune, name=name)[0] for name in NAM_PHONG_HAMLETS]
    if commune.households.exists():
        stdout.write("visits demo: Xã Nam Phong already has households, left as is")
        return
    rng = random.Random(13696)
    households = _households(commune, hamlets, 200, rng)
    households.sort(key=lambda h: (h.hamlet.name, h.pk))
    demo_volunteer = User.objects.filter(username="volunteer", role=Role.VOLUNTEER).first()
    second, third, fourth = _volunteers(commune)
    team1, _ = Team.objects.get_or_create(commune=commune, name="Tổ CNS số 1", defaults={"leader": demo_volunteer})
    team2, _ = Team.objects.get_or_create(commune=commune, name="Tổ CNS số 2", defaults={"leader": third})
    team1.members.add(*[u for u in (demo_volunteer, second) if u])
    team2.members.add(third, fourth)

    by_hamlet: dict[int, list[Household]] = {}
    for household in households:
        by_hamlet.setdefault(household.hamlet_id, []).append(household)
    first_hamlets = [by_hamlet[h.pk] for h in hamlets]
    walk_list = (first_hamlets[0] + first_hamlets[1])[:25]  # the demo volunteer's walk list
    team2_list = first_hamlets[2] + first_hamlets[3]
    direct = first_hamlets[4][:15]  # assigned to one volunteer directly, not via a team
    Household.objects.filter(pk__in=[h.pk for h in walk_list]).update(assigned_team=team1)
    Household.objects.filter(pk__in=[h.pk for h in walk_list[:12]]).update(assigned_volunteer=demo_volunteer)
    Household.objects.filter(pk__in=[h.pk for h in team2_list]).update(assigned_team=team2)
    Household.objects.filter(pk__in=[h.pk for h in direct]).update(assigned_volunteer=fourth)

    visits = _visits(walk_list[:10], demo_volunteer or second, rng, "team1")
    visits += _visits(team2_list[:18], third, rng, "team2")
    _save_visits(visits)
    stdout.write(f"visits demo: Xã Nam Phong — {len(households)} households, 2 teams, {len(visits)} visits")


def _visits(households: list[Household], volunteer: User, rng: random.Random, label: str) -> list[Visit]:
    now = timezone.now().replace(microsecond=0)
    skills, services = list(Skill.values), list(Service.values)
    visits = []
    for n, household in enumerate(households):
        outcome = OUTCOME_MIX[n % len(OUTCOME_MIX)]
        met = outcome == Outcome.MET
        visits.append(
            Visit(
                uuid=uuid.uuid5(DEMO_UUID_NAMESPACE, f"{label}-{household.pk}"),
                household=household,
                commune_id=household.commune_id,  # bulk_create skips Visit.save, which sets it
                volunteer=volunteer,
                # Spread over the last two weeks so "this week" and earlier both show on progress pages.
                visited_at=now - datetime.timedelta(hours=2 + 7 * n, minutes=rng.randint(0, 59)),
                outcome=outcome,
                skills=(skills if n % 3 == 0 else rng.sample(skills, k=2)) if met else [],
                services=rng.sample(services[:5], k=rng.randint(1, 2)) if met else [],
                people_helped=rng.randint(1, 3) if met else 0,
                next_visit_on=(now + datetime.timedelta(days=7)).date() if outcome == Outcome.COME_BACK else None,
            )
        )
    return visits


def _save_visits(visits: list[Visit]) -> None:
    from . import services

    for visit in visits:
        visit.fingerprint = services.fingerprint_of_visit(visit)
    Visit.objects.bulk_create(visits, ignore_conflicts=True)
    services.roll_up_households({v.household_id for v in visits})


# ---------------------------------------------------------------- Xã Giao Thiện (coastal)


def _seed_giao_thien(commune: AdministrativeUnit, stdout) -> None:
    hamlets = [
        Hamlet.objects.get_or_create(commune=commune, name=name)[0] for name in ["Xóm Đông Biên", "Xóm Tây Biên"]
    ]
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    # Relative to the day of seeding; re-seeding (every `make run`) moves them along, so the demo's
    # "returning this week" page is never empty.
    returns = [today, monday + datetime.timedelta(days=6), monday + datetime.timedelta(days=3)]
    returns += [monday + datetime.timedelta(days=9), monday + datetime.timedelta(days=20), None]
    vessels = list(FishingVessel.objects.filter(commune=commune).order_by("registration_number"))
    if vessels:
        for vessel, expected in zip(vessels, returns, strict=False):
            vessel.expected_return_on = expected
        FishingVessel.objects.bulk_update(vessels, ["expected_return_on"])
        stdout.write("visits demo: Xã Giao Thiện already has vessels; return dates moved to this week")
        return
    rng = random.Random(14161)
    fishermen = _households(commune, hamlets, 8, rng, groups=[TargetGroup.FISHERMAN])
    # The last vessel's owner is not in the register yet: the vessel carries the owner's name.
    FishingVessel.objects.bulk_create(
        FishingVessel(
            commune=commune,
            owner=fishermen[n] if n < len(returns) - 1 else None,
            owner_name="" if n < len(returns) - 1 else fake_name(rng),
            registration_number=f"NĐ-{90101 + n}-TS",
            name=f"Tàu {rng.choice(VESSEL_NAMES)} {n + 1}",
            length_m=rng.choice([12, 15, 18, 24]),
            home_port="Cảng cá Giao Thiện",
            monitoring_installed=n % 2 == 0,
            radio_registered=n % 3 == 0,
            expected_return_on=expected,
        )
        for n, expected in enumerate(returns)
    )
    stdout.write(f"visits demo: Xã Giao Thiện — {len(fishermen)} fishermen households, {len(returns)} vessels")


# ---------------------------------------------------------------- large scale for benchmarks


def _seed_large(stdout, communes: int = 20, per_commune: int = 250) -> None:
    """Several thousand households across the communes of Thành phố Nam Định and Huyện Giao Thủy."""
    candidates = (
        AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE, parent__code__in=["356", "365"])
        .exclude(code__in=[NAM_PHONG, GIAO_THIEN])
        .annotate(n=Count("households"))
        .order_by("code")[:communes]
    )
    created = 0
    for commune in candidates:
        if commune.n >= per_commune:
            continue
        rng = random.Random(int(commune.code))
        hamlets = [Hamlet.objects.get_or_create(commune=commune, name=f"Thôn {n}")[0] for n in range(1, 7)]
        created += len(_households(commune, hamlets, per_commune - commune.n, rng))
    stdout.write(f"visits demo (large): {created} more households")
