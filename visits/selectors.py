"""Reads for the staff pages: who may see which households, lists, and progress aggregates.

Who may see what is decided in visits/access.py; these functions take already-scoped querysets or a unit.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.access import units_visible_to
from accounts.models import Role, User
from core.indicators import in_any_subtree, sum_by_subtree
from units.models import AdministrativeUnit

from .access import vessels_visible_to
from .models import (
    CommuneHouseholds,
    CommuneVisitDay,
    CommuneVisitTotal,
    FishingVessel,
    Hamlet,
    Household,
    HouseholdStatus,
    Service,
    Skill,
    TargetGroup,
    Team,
    TeamVisitDay,
    Visit,
)

CONSENT_GIVEN, CONSENT_MISSING = "given", "missing"  # the register's consent filter values


def household_list_rows(households: QuerySet[Household]) -> QuerySet[Household]:
    """One query per page whatever is shown: the related names come in the same join."""
    return households.select_related("hamlet", "commune", "assigned_team", "assigned_volunteer").order_by(
        "commune__path", "hamlet__name", "address_sort_key", "pk"
    )


VISIT_HISTORY_SHOWN = 20


def visit_history(household: Household) -> list[Visit]:
    """The household's latest visits, newest first, each with .superseded when a later edit replaced it."""
    visits = list(
        household.visits.select_related("volunteer", "replaced_by").order_by("-visited_at", "-id")[:VISIT_HISTORY_SHOWN]
    )
    for visit in visits:
        visit.superseded = hasattr(visit, "replaced_by")
        visit.skill_labels = [Skill(s).label for s in visit.skills if s in Skill.values]
        visit.service_labels = [Service(s).label for s in visit.services if s in Service.values]
    return visits


def volunteers_of(commune: AdministrativeUnit) -> QuerySet[User]:
    return User.objects.filter(role=Role.VOLUNTEER, unit=commune, is_active=True).order_by("last_name", "first_name")


def hamlets_with_counts(commune: AdministrativeUnit) -> QuerySet[Hamlet]:
    return commune.hamlets.annotate(household_count=Count("households")).order_by("name")


def teams_with_counts(teams: QuerySet[Team]) -> QuerySet[Team]:
    return teams.annotate(household_count=Count("households", distinct=True)).prefetch_related("members")


# ---------------------------------------------------------------- vessels


def has_fishing_work(user: User) -> bool:
    """Vessels matter only where there are vessels or fisherman households: inland communes never see the menu.

    One query on every staff page (it builds the menu): a commune of the user's scope with either.
    """
    vessels = FishingVessel.objects.filter(commune=OuterRef("pk"))
    fishermen = Household.objects.filter(commune=OuterRef("pk"), target_groups__contains=[TargetGroup.FISHERMAN])
    communes = units_visible_to(user).filter(level=AdministrativeUnit.Level.COMMUNE)
    return communes.filter(Exists(vessels) | Exists(fishermen)).exists()


def week_bounds(today=None) -> tuple[datetime, datetime]:
    """This week in Vietnam's time zone, Monday 00:00 to next Monday 00:00."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.combine(monday, time.min))
    return start, start + timedelta(days=7)


def vessels_returning_this_week(user: User) -> QuerySet[FishingVessel]:
    start, end = week_bounds()
    return (
        vessels_visible_to(user)
        .filter(expected_return_on__gte=start.date(), expected_return_on__lt=end.date())
        .order_by("expected_return_on", "registration_number")
    )


# ---------------------------------------------------------------- progress


@dataclass
class ProgressRow:
    key: object
    label: str
    households: int = 0
    assigned: int = 0
    attempted: int = 0  # knocked, nobody met yet: effort, not coverage
    met: int = 0  # somebody was met (reached households included)
    reached: int = 0
    visits_this_week: int = 0
    services: dict[str, int] = field(default_factory=dict)
    url_code: str = ""

    @property
    def reached_percent(self) -> int:
        return round(100 * self.reached / self.households) if self.households else 0


# Households where somebody was met. A refusal, a move or a "do not contact" may follow a meeting; the
# status then tells the latest word, and progress counts the household as not met.
MET_STATUSES = (HouseholdStatus.MET, HouseholdStatus.REACHED)
HOUSEHOLD_COUNTS = ("total", "assigned", "attempted", "met", "reached")


def _household_counts(households: QuerySet[Household], *group_by: str) -> dict:
    rows = households.values(*group_by).annotate(
        total=Count("pk"),
        assigned=Count("pk", filter=Q(assigned_team__isnull=False) | Q(assigned_volunteer__isnull=False)),
        attempted=Count("pk", filter=Q(status=HouseholdStatus.ATTEMPTED)),
        met=Count("pk", filter=Q(status__in=MET_STATUSES)),
        reached=Count("pk", filter=Q(status=HouseholdStatus.REACHED)),
    )
    if len(group_by) == 1:
        return {row[group_by[0]]: row for row in rows}
    return {tuple(row[key] for key in group_by): row for row in rows}


def _visit_counts(visits: QuerySet[Visit], group_by: str) -> dict:
    """Visits this week and services completed, on current visits only (an edited visit counts once)."""
    start, end = week_bounds()
    rows = (
        visits.filter(_CURRENT)
        .values(group_by)
        .annotate(this_week=Count("pk", filter=Q(visited_at__gte=start, visited_at__lt=end)), **_service_counts())
    )
    return {row[group_by]: row for row in rows}


# NOT EXISTS, not replaced_by__isnull: the LEFT JOIN that one becomes is estimated at one row
# and turns into a nested loop over every visit at provincial scale.
_CURRENT = ~Exists(Visit.objects.filter(replaces=OuterRef("pk")))


def _service_counts() -> dict:
    return {f"service_{s.value}": Count("pk", filter=Q(services__contains=[s.value])) for s in Service}


def _merge(keys_labels: list[tuple[object, str, str]], households: dict, visits: dict) -> list[ProgressRow]:
    result = []
    for key, label, code in keys_labels:
        h = households.get(key, {})
        v = visits.get(key, {})
        result.append(
            ProgressRow(
                key=key,
                label=label,
                url_code=code,
                households=h.get("total", 0),
                assigned=h.get("assigned", 0),
                attempted=h.get("attempted", 0),
                met=h.get("met", 0),
                reached=h.get("reached", 0),
                visits_this_week=v.get("this_week", 0),
                services={s.value: v.get(f"service_{s.value}", 0) for s in Service},
            )
        )
    return result


def total_row(rows: list[ProgressRow], label: str) -> ProgressRow:
    total = ProgressRow(key=None, label=label, services={s.value: 0 for s in Service})
    for row in rows:
        total.households += row.households
        total.assigned += row.assigned
        total.attempted += row.attempted
        total.met += row.met
        total.reached += row.reached
        total.visits_this_week += row.visits_this_week
        for service, count in row.services.items():
            total.services[service] += count
    return total


def progress_by_area(unit: AdministrativeUnit) -> list[ProgressRow]:
    """Aggregate rows one level below the unit: its child units (districts of a province, communes of
    a district) read from the commune rollups, hamlets of a commune counted directly (one commune is
    small). A few queries whatever the number of rows; no personal data."""
    if unit.level == AdministrativeUnit.Level.COMMUNE:
        households = Household.objects.filter(commune=unit)
        visits = Visit.objects.filter(household__commune=unit)
        areas = [(h.pk, h.name, "") for h in unit.hamlets.order_by("name")]
        return _merge(areas, _household_counts(households, "hamlet_id"), _visit_counts(visits, "household__hamlet_id"))
    children = list(unit.children.current().order_by("name_folded"))
    households, visits = _rollup_counts(children)
    return _merge([(c.pk, c.name, c.code) for c in children], households, visits)


def _rollup_counts(units: list[AdministrativeUnit]) -> tuple[dict, dict]:
    """The same figures as _household_counts / _visit_counts, summed from the rollups in one query: each
    commune's snapshot row with its visits this week (its day rows of the week) and its services of
    all time (its CommuneVisitTotal row)."""
    if not units:
        return {}, {}
    start, end = week_bounds()
    week = (
        CommuneVisitDay.objects.filter(commune=OuterRef("commune"), day__gte=start.date(), day__lt=end.date())
        .values("commune")
        .annotate(visits=Sum("visits"))
        .values("visits")
    )
    totals = CommuneVisitTotal.objects.filter(commune=OuterRef("commune"))
    services = [f"service_{s.value}" for s in Service]
    rows = (
        CommuneHouseholds.objects.filter(in_any_subtree(units, "commune"))
        .annotate(
            this_week=Coalesce(Subquery(week), 0),
            **{column: Coalesce(Subquery(totals.values(column)[:1]), 0) for column in services},
        )
        .values_list("commune__path", "registered", "assigned", "attempted", "met", "reached", "this_week", *services)
    )
    households, visits = [], []
    for path, *counts in rows:
        households.append((path, dict(zip(HOUSEHOLD_COUNTS, counts[:5], strict=True))))
        visits.append((path, dict(zip(["this_week", *services], counts[5:], strict=True))))
    return sum_by_subtree(households, units), sum_by_subtree(visits, units)


def progress_by_team(teams: QuerySet[Team], with_commune: bool = True) -> list[ProgressRow]:
    """Team rows with their households (assigned, attempted, met, reached) and services completed, from
    the team rollup, read with the teams in one query as plain tuples (a province has 1,500 teams:
    model instances cost more than the query). `leaders_and_page` adds visits this week where shown."""
    counts = ("households", "attempted", "met", "reached", *(f"service_{s.value}" for s in Service))
    rows = teams.order_by("commune__path", "name").values_list(
        "pk", "name", "commune__name", *(f"household_counts__{c}" for c in counts)
    )
    keys, households, services = [], {}, {}
    for pk, name, commune_name, *values in rows:
        keys.append((pk, f"{name} · {commune_name}" if with_commune else name, ""))
        # A team no rollup has counted yet (NULLs of the outer join) has no households.
        row = dict(zip(counts, (value or 0 for value in values), strict=True))
        households[pk] = row | {"total": row["households"], "assigned": row["households"]}
        services[pk] = row
    return _merge(keys, households, services)


LEADERS_SHOWN = 20


def leaders_and_page(rows: list[ProgressRow], page_rows: list[ProgressRow]) -> list[ProgressRow]:
    """Add visits this week (current visits only) to the rows of the page shown and to the teams that
    may enter the leaderboard — one query over their week's rollup rows — and return the leaderboard.
    Teams rank by reached, then met, then visits this week: only teams tied with the LEADERS_SHOWN-th
    on (reached, met) or above it can be among the leaders, so only they need visits."""
    by_households = sorted(rows, key=lambda r: (-r.reached, -r.met))
    if len(by_households) > LEADERS_SHOWN:
        last = by_households[LEADERS_SHOWN - 1]
        candidates = [r for r in by_households if (r.reached, r.met) >= (last.reached, last.met)]
    else:
        candidates = by_households
    shown = {id(r): r for r in [*candidates, *page_rows]}.values()
    this_week = _team_visits_this_week([r.key for r in shown])
    for row in shown:
        row.visits_this_week = this_week.get(row.key, 0)
    return leaderboard(candidates)[:LEADERS_SHOWN]


def _team_visits_this_week(team_ids: list[int]) -> dict[int, int]:
    """Current visits this week per team, from the team day rollup (visits.team_rollups)."""
    start, end = week_bounds()
    rows = (
        TeamVisitDay.objects.filter(team_id__in=team_ids, day__gte=start.date(), day__lt=end.date())
        .values("team_id")
        .annotate(visits=Sum("visits"))
        .values_list("team_id", "visits")
        .order_by()
    )
    return dict(rows)


def leaderboard(rows: list[ProgressRow]) -> list[ProgressRow]:
    return sorted(rows, key=lambda r: (-r.reached, -r.met, -r.visits_this_week, r.label))


def progress_by_volunteer(commune: AdministrativeUnit) -> list[ProgressRow]:
    """Per volunteer of one commune: their walk list (assigned directly or through a team they lead or
    belong to) and the visits they made. Four queries: households are counted per (team, volunteer)
    pair once, then each volunteer sums the pairs on their walk list, so nothing is counted twice."""
    volunteers = list(volunteers_of(commune).values_list("pk", "first_name", "last_name", "username"))
    ids = [v[0] for v in volunteers]
    teams_of: dict[int, set[int]] = {pk: set() for pk in ids}
    memberships = Team.objects.filter(commune=commune).filter(Q(members__in=ids) | Q(leader__in=ids))
    for team_id, member_id, leader_id in memberships.values_list("pk", "members", "leader").distinct():
        for user_id in (member_id, leader_id):
            if user_id in teams_of:
                teams_of[user_id].add(team_id)
    pairs = _household_counts(
        Household.objects.filter(commune=commune).filter(
            Q(assigned_volunteer__isnull=False) | Q(assigned_team__isnull=False)
        ),
        "assigned_team_id",
        "assigned_volunteer_id",
    )
    walk_lists = {}
    for pk in ids:
        mine = [c for (team, volunteer), c in pairs.items() if volunteer == pk or team in teams_of[pk]]
        walk_lists[pk] = {name: sum(c[name] for c in mine) for name in HOUSEHOLD_COUNTS}
    return _merge(
        [(pk, f"{first} {last}".strip() or username, "") for pk, first, last, username in volunteers],
        walk_lists,
        _visit_counts(Visit.objects.filter(volunteer_id__in=ids), "volunteer_id"),
    )
