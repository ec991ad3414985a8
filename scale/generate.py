"""The province at full size, generated deterministically from one seed and streamed into COPY.

Uneven like the real thing: communes differ in size (log-normal), in how active their teams are,
and a few stalled weeks ago; visits grow over the twelve months as the campaign gains pace and
fall on the first doors of a walk list more often; a few products draw most scans (Pareto).
Everything invented: names from core.demo's pools, phones from its generator.
"""

import datetime
import itertools
import random
from dataclasses import dataclass, field

from django.utils import timezone

from accounts.models import Role, User
from core.codes import CODE_ALPHABET
from core.demo import FAMILY, GIVEN, MIDDLE, demo_password_hash, fake_phone
from core.text import fold
from products.models import Category, Producer, Product
from scans.models import ScanDay
from training.models import Course, Enrolment, PersonRole
from units.models import AdministrativeUnit
from visits.models import (
    Consent,
    Hamlet,
    Household,
    HouseholdStatus,
    Outcome,
    Service,
    Skill,
    Team,
    Visit,
    natural_sort_key,
)

from . import campaigns as communication
from .loader import CopyWriter, Table, deferred_constraints, reset_sequences
from .sizes import Sizes
from .spread import skewed_counts, spread

SEED = 3600  # Nam Định's GSO code, ×100
STALLED_SHARE = 0.08  # communes whose teams stopped 3 to 8 weeks ago
ASSIGNED_SHARE = 0.85
CONSENT_SHARE = 0.6
EDIT_SHARE = 0.03  # visits corrected later by an edit that replaces them
NULL = r"\N"  # COPY's text format for a missing value
SKILLS, SERVICES = list(Skill.values), list(Service.values)


def _picks(values: list[str], sizes: tuple[int, ...]) -> list[list[tuple[str, tuple[str, ...]]]]:
    """For each size drawn (repeats weigh it), every combination of that many values as
    (COPY array text, values): drawing one is two random() calls instead of random.sample."""
    return [[("{" + ",".join(c) + "}", c) for c in itertools.combinations(values, k)] for k in sizes]


SKILL_PICKS = _picks(SKILLS, (1, 2, 3, 5, 5))  # a met visit coaches some skills; often all five
SERVICE_PICKS = _picks(SERVICES[:5], (0, 1, 1, 2))
NOTES = ["", "", "", "Đã hướng dẫn cài VNeID mức 2", "Hẹn quay lại cuối tuần", "Cần hỗ trợ thanh toán không tiền mặt"]
PRODUCT_NAMES = {
    Category.FLOWERS: "Hoa đào Nhật Tân",
    Category.ORNAMENTAL_PLANTS: "Cây cảnh Vị Khê",
    Category.RICE: "Gạo tám xoan Hải Hậu",
    Category.SEAFOOD: "Nước mắm Giao Châu",
    Category.HANDICRAFT: "Mây tre đan Ý Yên",
    Category.FOOD: "Kẹo Sìu Châu",
    Category.OTHER: "Sản phẩm làng nghề",
}
VISIT_MODELS = [Team.members.through, Household, Consent, Visit]
COURSES = [
    ("ky-nang-so-co-ban", "Kỹ năng số cơ bản cho người dân"),
    ("dich-vu-cong-truc-tuyen", "Sử dụng dịch vụ công trực tuyến"),
    ("thanh-toan-khong-tien-mat", "Thanh toán không dùng tiền mặt an toàn"),
    ("an-toan-tren-mang", "An toàn thông tin trên không gian mạng"),
    ("ban-hang-truc-tuyen", "Bán hàng trên sàn thương mại điện tử"),
    ("so-suc-khoe-dien-tu", "Sổ sức khoẻ điện tử"),
]
MODELS = [User, Hamlet, Team, *VISIT_MODELS, Producer, Product, ScanDay, Course, Enrolment, *communication.MODELS]


@dataclass
class Commune:
    id: int
    name: str
    kind: str
    households: int = 0
    visits: int = 0
    stalled_days: int = 0  # days since its last visit, for a stalled commune
    volunteers: list[int] = field(default_factory=list)
    team_of: dict[int, int] = field(default_factory=dict)  # volunteer id → team id
    hamlets: list[int] = field(default_factory=list)


class Ids:
    """Explicit ids, so rows can point at each other before any is stored."""

    def __init__(self):
        self.next: dict[type, int] = {}

    def new(self, model) -> int:
        value = self.next.get(model, 1)
        self.next[model] = value + 1
        return value


def household_status(latest_outcome: str, outcomes: set[str], reached: bool) -> str:
    """visits.models.STATUS_RULE_SQL, for the generated current visits (the rule's order kept)."""
    if latest_outcome in (Outcome.DO_NOT_CONTACT, Outcome.MOVED):
        return HouseholdStatus(latest_outcome)
    if reached:
        return HouseholdStatus.REACHED
    if Outcome.MET in outcomes:
        return HouseholdStatus.MET
    if Outcome.REFUSED in outcomes:
        return HouseholdStatus.REFUSED
    return HouseholdStatus.ATTEMPTED


class Generator:
    def __init__(self, sizes: Sizes, seed: int = SEED):
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.ids = Ids()
        self.today = timezone.localdate()
        self.first_day = self.today - datetime.timedelta(days=sizes.days - 1)
        self.day_text = [(self.first_day + datetime.timedelta(days=d)).isoformat() for d in range(sizes.days)]
        self.names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
        self.folded = {name: fold(name) for name in self.names}
        self.tables: list[Table] = []
        self.password = demo_password_hash()  # hashing is deliberately slow: once for every account

    def table(self, model, columns: list[str]) -> Table:
        self.tables.append(Table(model, columns, self.writer))
        return self.tables[-1]

    def run(self, timings: dict[str, float]) -> dict[str, int]:
        communes = self.plan_communes()
        tree = self.plan_tree(communes)  # read now: no query may run while the COPY thread works
        with deferred_constraints(MODELS, timings):
            self.writer = CopyWriter()
            try:
                self.volunteers_and_teams(communes)
                self.hamlets(communes)
                self.households_and_visits(communes)
                self.products_and_scans(communes)
                self.learners_and_enrolments(communes)
                communication.communication(self, communes, tree)
                for table in self.tables:
                    table.flush()
            finally:
                self.writer.close()
        reset_sequences(MODELS)
        rows: dict[str, int] = {}
        for table in self.tables:
            rows[table.name] = rows.get(table.name, 0) + table.count
        return rows

    # ------------------------------------------------------------------------------ communes

    def plan_communes(self) -> list[Commune]:
        # Leaves of the unit tree as it is (communes today), not a fixed level number.
        leaves = AdministrativeUnit.objects.current().filter(children__isnull=True).order_by("path")
        communes = [Commune(u.pk, u.name, u.kind) for u in leaves]
        rng, sizes = self.rng, self.sizes
        size = [rng.lognormvariate(0, 0.5) for _ in communes]
        activity = [rng.lognormvariate(0, 0.7) for _ in communes]
        for commune, households in zip(communes, spread(sizes.households, size), strict=True):
            commune.households = households
            if rng.random() < STALLED_SHARE:
                commune.stalled_days = rng.randint(21, 56)
        volunteers = spread(sizes.volunteers, [c.households * a for c, a in zip(communes, activity, strict=True)])
        for commune, count in zip(communes, volunteers, strict=True):
            commune.volunteers = [0] * count  # ids given when the users are made
        weights = [c.households * a if c.volunteers else 0 for c, a in zip(communes, activity, strict=True)]
        for commune, visits in zip(communes, spread(sizes.visits, weights), strict=True):
            commune.visits = visits
        return communes

    def plan_tree(self, communes: list[Commune]) -> tuple[int, dict[int, list[Commune]]]:
        """(the root unit's id, {each parent of communes: its communes}) for the campaigns' senders."""
        parents = dict(
            AdministrativeUnit.objects.filter(pk__in=[c.id for c in communes]).values_list("pk", "parent_id")
        )
        by_parent: dict[int, list[Commune]] = {}
        for commune in communes:
            by_parent.setdefault(parents[commune.id], []).append(commune)
        root = (
            AdministrativeUnit.objects.current()
            .filter(parent__isnull=True)
            .order_by("path")
            .values_list("pk", flat=True)
        )
        return root.first(), by_parent

    def volunteers_and_teams(self, communes: list[Commune]) -> None:
        users = self.table(User, ["id", "password", "username", "first_name", "last_name", "role", "unit_id"])
        teams = self.table(Team, ["id", "commune_id", "name", "leader_id"])
        members = self.table(Team.members.through, ["id", "team_id", "user_id"])
        team_counts = spread(self.sizes.teams, [len(c.volunteers) for c in communes])
        for commune, team_count in zip(communes, team_counts, strict=True):
            for n in range(len(commune.volunteers)):
                user_id = self.ids.new(User)
                commune.volunteers[n] = user_id
                family, *given = self.rng.choice(self.names).split(" ")
                users.add(
                    f"{user_id}\t{self.password}\tscale_tnv_{user_id:05d}\t{' '.join(given)}\t{family}"
                    f"\t{Role.VOLUNTEER}\t{commune.id}"
                )
            team_ids = [self.ids.new(Team) for _ in range(team_count)]
            for n, team_id in enumerate(team_ids):
                mine = commune.volunteers[n::team_count]
                teams.add(f"{team_id}\t{commune.id}\tTổ CNS số {n + 1}\t{mine[0] if mine else NULL}")
                for user_id in mine:
                    members.add(f"{self.ids.new(Team.members.through)}\t{team_id}\t{user_id}")
                    commune.team_of[user_id] = team_id

    def hamlets(self, communes: list[Commune]) -> None:
        hamlets = self.table(Hamlet, ["id", "commune_id", "name"])
        for commune in communes:
            word = "Tổ dân phố" if commune.kind in ("Phường", "Thị trấn") else "Thôn"
            for n in range(min(15, 4 + commune.households // 400)):
                hamlet_id = self.ids.new(Hamlet)
                commune.hamlets.append(hamlet_id)
                hamlets.add(f"{hamlet_id}\t{commune.id}\t{word} {n + 1}")

    # ------------------------------------------------------------------------------ households, visits

    def households_and_visits(self, communes: list[Commune]) -> None:
        self.household_rows = self.table(
            Household,
            ["id", "commune_id", "hamlet_id", "address", "address_sort_key", "head_name", "head_name_folded", "phone"]
            + ["consent_id", "members_count"]
            + ["assigned_team_id", "assigned_volunteer_id", "status", "last_visit_at", "next_visit_on"],
        )
        self.visit_rows = self.table(
            Visit,
            ["id", "uuid", "household_id", "commune_id", "volunteer_id", "visited_at", "outcome", "skills", "services"]
            + ["people_helped", "notes", "next_visit_on", "replaces_id", "fingerprint", "received_at"],
        )
        self.consent_rows = self.table(Consent, ["id", "household_id", "given_by", "given_at", "purpose"])
        for commune in communes:
            visits = skewed_counts(commune.visits, commune.households, self.rng)
            for n, count in enumerate(visits):
                self.household(commune, n, count)

    def household(self, commune: Commune, n: int, visit_count: int) -> None:
        rng = self.rng
        household_id = self.ids.new(Household)
        hamlet_id = commune.hamlets[n * len(commune.hamlets) // commune.households]
        volunteer_id = team_id = None
        if commune.volunteers and (visit_count or rng.random() < ASSIGNED_SHARE):
            volunteer_id = commune.volunteers[n * len(commune.volunteers) // commune.households]
            team_id = commune.team_of.get(volunteer_id)
        latest, outcomes, reached, last_at, next_on = self.visits(commune, household_id, volunteer_id, visit_count)
        status = household_status(latest, outcomes, reached) if visit_count else HouseholdStatus.NOT_VISITED
        address = f"Số {n + 1}, ngõ {1 + int(rng.random() * 30)}"
        # Names and phones are kept only with consent (the household_personal_data_needs_consent rule).
        consent_id, name, phone = NULL, "", ""
        if rng.random() < CONSENT_SHARE:
            consent_id, name = self.ids.new(Consent), self.names[int(rng.random() * len(self.names))]
            phone = fake_phone(rng) if rng.random() < 0.7 else ""
            self.consent_rows.add(
                f"{consent_id}\t{household_id}\t{name}\t{last_at or self.day_text[0] + ' 08:00:00+07'}"
                f"\t{Consent.Purpose.DIGITAL_SKILLS_SUPPORT}"
            )
        self.household_rows.add(
            f"{household_id}\t{commune.id}\t{hamlet_id}\t{address}\t{natural_sort_key(address)}\t{name}"
            f"\t{self.folded.get(name, '')}\t{phone}\t{consent_id}\t{1 + int(rng.random() * 7)}\t{team_id or NULL}"
            f"\t{volunteer_id or NULL}\t{status}\t{last_at or NULL}\t{next_on or NULL}"
        )

    def visits(self, commune: Commune, household_id: int, volunteer_id, count: int):
        """Write the household's visits; returns (latest current outcome, reached, met, last visit, next visit)."""
        if not count:
            return "", set(), False, None, None
        rng, days, draw = self.rng, self.sizes.days, self.rng.random
        last_day = days - 1 - commune.stalled_days
        # The campaign gains pace: more of the visits fall in the later months.
        moments = sorted((int(last_day * draw() ** 0.6), 420 + int(780 * draw())) for _ in range(count))
        volunteer_id = volunteer_id or commune.volunteers[int(draw() * len(commune.volunteers))]
        current: list[tuple[tuple[str, ...], str]] = []  # what each visit no edit replaced coached, its outcome
        previous_id, latest, next_on = None, "", None
        empty = ("{}", ())
        for index, (day, minute) in enumerate(moments):
            is_edit = previous_id is not None and draw() < EDIT_SHARE
            outcome = self.outcome(index == count - 1)
            met = outcome == Outcome.MET
            if met:
                picks = SKILL_PICKS[int(draw() * len(SKILL_PICKS))]
                skills_text, coached = picks[int(draw() * len(picks))]
                picks = SERVICE_PICKS[int(draw() * len(SERVICE_PICKS))]
                services_text = picks[int(draw() * len(picks))][0]
                helped = 1 + int(draw() * 3)
            else:
                (skills_text, coached), services_text, helped = empty, "{}", 0
            visit_id = self.ids.new(Visit)
            at = f"{self.day_text[day]} {minute // 60:02d}:{minute % 60:02d}:00+07"
            next_on = self.day_text[min(day + 7, days - 1)] if outcome == Outcome.COME_BACK else None
            self.visit_rows.add(
                f"{visit_id}\t{rng.getrandbits(128):032x}\t{household_id}\t{commune.id}\t{volunteer_id}\t{at}"
                f"\t{outcome}\t{skills_text}\t{services_text}\t{helped}"
                f"\t{NOTES[int(draw() * len(NOTES))]}\t{next_on or NULL}\t{previous_id if is_edit else NULL}"
                # Seeded visits are never synced again, so the fingerprint need not be the content's hash.
                f"\t{visit_id:064x}\t{at}"
            )
            if is_edit:  # the replaced visit no longer counts
                current.pop()
            current.append((coached, outcome))
            previous_id, latest = visit_id, outcome
        skills = {skill for coached, _outcome in current for skill in coached}
        outcomes = {outcome for _coached, outcome in current}
        return latest, outcomes, len(skills) == len(SKILLS), at, next_on

    def outcome(self, final: bool) -> str:
        draw = self.rng.random()
        if final:
            if draw < 0.72:
                return Outcome.MET
            if draw < 0.75:
                return Outcome.REFUSED
            if draw < 0.76:
                return Outcome.DO_NOT_CONTACT
            if draw < 0.77:
                return Outcome.MOVED
            return Outcome.NOT_HOME if draw < 0.9 else Outcome.COME_BACK
        return Outcome.MET if draw < 0.45 else Outcome.NOT_HOME if draw < 0.8 else Outcome.COME_BACK

    # ------------------------------------------------------------------------------ products, scans

    def products_and_scans(self, communes: list[Commune]) -> None:
        producers = self.table(Producer, ["id", "commune_id", "name", "name_folded", "kind", "phone", "address"])
        products = self.table(Product, ["id", "producer_id", "code", "name", "name_folded", "category"])
        scan_days = self.table(ScanDay, ["id", "product_id", "day", "views", "unique_visitors"])
        rng, sizes = self.rng, self.sizes
        # Craft villages cluster: a few communes hold most producers.
        per_commune = spread(sizes.producers, [rng.paretovariate(1.5) for _ in communes])
        producer_ids = []
        for commune, count in zip(communes, per_commune, strict=True):
            for n in range(count):
                producer_id = self.ids.new(Producer)
                producer_ids.append(producer_id)
                name = f"HTX {commune.name} {n + 1}"
                producers.add(
                    f"{producer_id}\t{commune.id}\t{name}\t{fold(name)}\t{Producer.Kind.COOPERATIVE}"
                    f"\t{fake_phone(rng)}\t{commune.name}"
                )
        codes: set[str] = set()
        popularity = [rng.paretovariate(1.2) for _ in range(sizes.products)]
        for n, views in enumerate(spread(sizes.scans, popularity)):
            product_id = self.ids.new(Product)
            code = self.product_code(codes)
            category = rng.choice(Category.values)
            name = f"{PRODUCT_NAMES[category]} {n + 1}"
            products.add(
                f"{product_id}\t{producer_ids[n % len(producer_ids)]}\t{code}\t{name}\t{fold(name)}\t{category}"
            )
            listed = rng.randrange(sizes.days)  # scanned from the day it was listed
            per_day: dict[int, int] = {}
            for _ in range(views):
                day = listed + int((sizes.days - listed) * rng.random())
                per_day[day] = per_day.get(day, 0) + 1
            for day, count in sorted(per_day.items()):
                scan_days.add(
                    f"{self.ids.new(ScanDay)}\t{product_id}\t{self.day_text[day]}\t{count}\t{max(1, count * 7 // 10)}"
                )

    # ------------------------------------------------------------------------------ training

    def learners_and_enrolments(self, communes: list[Commune]) -> None:
        """Citizens who took the portal's courses: one to six courses each (two on average)."""
        courses = self.table(Course, ["id", "slug", "title", "is_published"])
        users = self.table(User, ["id", "password", "username", "first_name", "last_name", "role"])
        enrolments = self.table(
            Enrolment, ["id", "user_id", "course_id", "unit_id", "role", "source"] + ["enrolled_at", "completed_at"]
        )
        rng, sizes = self.rng, self.sizes
        course_ids = [self.ids.new(Course) for _ in COURSES]
        for course_id, (slug, title) in zip(course_ids, COURSES, strict=True):
            courses.add(f"{course_id}\t{slug}\t{title}\tt")
        per_learner = self.enrolment_counts(sizes.learners, sizes.enrolments, len(course_ids))
        # Learners live where the households are; the Enrolment carries their commune.
        weights = [c.households for c in communes]
        homes = rng.choices(communes, weights=weights, k=sizes.learners)
        for home, count in zip(homes, per_learner, strict=True):
            user_id = self.ids.new(User)
            family, *given = rng.choice(self.names).split(" ")
            users.add(
                f"{user_id}\t{self.password}\tscale_hv_{user_id:06d}\t{' '.join(given)}\t{family}\t{Role.LEARNER}"
            )
            for course_id in rng.sample(course_ids, k=count):
                day = int((sizes.days - 1) * rng.random() ** 0.7)
                done = day + rng.randint(1, 30)
                completed = f"{self.day_text[done]} 20:00:00+07" if rng.random() < 0.55 and done < sizes.days else NULL
                source = Enrolment.Source.COHORT if rng.random() < 0.3 else Enrolment.Source.SELF
                enrolments.add(
                    f"{self.ids.new(Enrolment)}\t{user_id}\t{course_id}\t{home.id}\t{PersonRole.CITIZEN}\t{source}"
                    f"\t{self.day_text[day]} 19:00:00+07\t{completed}"
                )

    def enrolment_counts(self, learners: int, total: int, most: int) -> list[int]:
        """Courses per learner, 1..most, adding up to total exactly (as far as the bounds allow)."""
        counts = [self.rng.choice((1, 1, 2, 2, 3, 4)) for _ in range(learners)]
        total = min(max(total, learners), learners * most)
        difference = total - sum(counts)
        step = 1 if difference > 0 else -1
        while difference:
            n = self.rng.randrange(learners)
            if 1 <= counts[n] + step <= most:
                counts[n] += step
                difference -= step
        return counts

    def product_code(self, taken: set[str]) -> str:
        while True:
            code = "".join(self.rng.choice(CODE_ALPHABET) for _ in range(8))
            if code not in taken:
                taken.add(code)
                return code


def generate(sizes: Sizes, timings: dict[str, float], seed: int = SEED) -> dict[str, int]:
    """Every table's generated rows, COPYed; returns rows per table and adds to timings (seconds).
    Run inside one transaction."""
    return Generator(sizes, seed).run(timings)
