"""Visit logging: the duplicate-proof sync of visits made on phones, and the household roll-up.

A phone makes each visit's UUID, queues visits while offline and sends them in batches, possibly
several times and from several phones at once. `sync_visits` answers every item with created /
duplicate / conflict / invalid, in order, and never lets a retry create a second row: the unique
UUID in PostgreSQL (INSERT … ON CONFLICT DO NOTHING) is the backstop when two requests race.

The work is set-based so a 500-visit batch costs a handful of queries: one for the households the
user may log for, one for the visits already known, one lock on the touched households (which also
reads their communes), one INSERT per round (a visit replacing another of the same batch waits for
the next round), one audit INSERT, the households' roll-up and the rollups of the (commune, day)
keys the batch's own rows fall in (visits.rollups.refresh_visits).
"""

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from json.encoder import encode_basestring as _json_string  # what json.dumps(ensure_ascii=False) writes
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Lookup
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit import Action, announce

from . import rollups, team_rollups
from .access import households_for_field_work
from .models import FIRST_COACHED_SQL, REACHED_AT_SQL, STATUS_RULE_SQL, Household, Outcome, Visit
from .schemas import MAX_BATCH, Errors, coordinate, parse_visit

CREATED, DUPLICATE, CONFLICT, INVALID = "created", "duplicate", "conflict", "invalid"


@dataclass(slots=True)
class CleanVisit:
    """One synced item after validation of its own fields (before any database check)."""

    uuid: uuid.UUID
    household_id: int
    visited_at: datetime
    outcome: str
    skills: list[str]
    services: list[str]
    people_helped: int
    notes: str
    next_visit_on: date | None
    replaces: uuid.UUID | None
    latitude: Decimal | None
    longitude: Decimal | None
    fingerprint: str = ""


@dataclass(slots=True)
class KnownVisit:
    id: int
    household_id: int
    visited_at: datetime
    volunteer_id: int
    fingerprint: str
    replaced_by_id: int | None


def fingerprint(
    *,
    household_id: int,
    visited_at: datetime,
    outcome: str,
    skills: list[str],
    services: list[str],
    people_helped: int,
    notes: str,
    next_visit_on: date | None,
    replaces: uuid.UUID | None,
    latitude: Decimal | None,
    longitude: Decimal | None,
) -> str:
    """sha256 of the canonical JSON of a visit's synced content: json.dumps(…, sort_keys=True,
    separators=(",", ":"), ensure_ascii=False) of {"household", "latitude", "longitude",
    "next_visit_on", "notes", "outcome", "people_helped", "replaces", "services", "skills",
    "visited_at"}, the time in UTC to the microsecond, codes sorted, decimals, dates and UUIDs as text.

    Written out in key order with json's own string encoder: the same text as json.dumps (every stored
    fingerprint stays valid; tests/visits/test_visit_sync_contract.py compares them) at half the cost,
    for every item of every batch, replays included.
    """
    text = (
        '{"household":' + str(household_id)
        + ',"latitude":' + ("null" if latitude is None else _json_string(str(latitude)))
        + ',"longitude":' + ("null" if longitude is None else _json_string(str(longitude)))
        + ',"next_visit_on":' + (_json_string(next_visit_on.isoformat()) if next_visit_on else "null")
        + ',"notes":' + _json_string(notes)
        + ',"outcome":' + _json_string(outcome)
        + ',"people_helped":' + str(people_helped)
        + ',"replaces":' + (_json_string(str(replaces)) if replaces else "null")
        + ',"services":[' + ",".join(map(_json_string, sorted(services))) + "]"
        + ',"skills":[' + ",".join(map(_json_string, sorted(skills))) + "]"
        + ',"visited_at":' + _json_string(visited_at.astimezone(UTC).isoformat(timespec="microseconds"))
        + "}"
    )  # fmt: skip
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint_of_visit(visit: Visit) -> str:
    """The fingerprint a stored visit would have had if it had arrived through the sync."""
    return fingerprint(
        household_id=visit.household_id,
        visited_at=visit.visited_at,
        outcome=visit.outcome,
        skills=list(visit.skills),
        services=list(visit.services),
        people_helped=visit.people_helped,
        notes=visit.notes,
        next_visit_on=visit.next_visit_on,
        replaces=visit.replaces.uuid if visit.replaces_id else None,
        latitude=coordinate(visit.latitude) if visit.latitude is not None else None,
        longitude=coordinate(visit.longitude) if visit.longitude is not None else None,
    )


# ---------------------------------------------------------------- one item


def clean_item(raw: Any, now: datetime) -> tuple[CleanVisit | None, Errors]:
    """Check one item's fields on their own (visits.schemas.VisitIn); database checks come later."""
    checked, errors = parse_visit(raw, now)
    if errors:
        return None, errors
    content = checked.content()
    household_id = content.pop("household")
    visit = CleanVisit(uuid=checked.uuid, household_id=household_id, **content)
    # Every content field of the contract, by name: a field added to VisitIn but not to the
    # fingerprint is a TypeError here, not an edit silently answered "duplicate".
    visit.fingerprint = fingerprint(household_id=visit.household_id, **content)
    return visit, {}


# ---------------------------------------------------------------- the batch


def _echo_uuid(raw: Any) -> str | None:
    value = raw.get("uuid") if isinstance(raw, dict) else None
    return value if isinstance(value, str) else None


def _same_or_conflict(ours: str, theirs: str) -> str:
    return DUPLICATE if ours == theirs else CONFLICT


def sync_visits(user: User, items: list[dict]) -> list[dict]:
    """Save a batch of visits logged on a phone; answer each item in order (see module docstring)."""
    if len(items) > MAX_BATCH:
        raise ValueError(f"at most {MAX_BATCH} visits per batch")
    now = timezone.now()
    results: list[dict] = [{"uuid": _echo_uuid(raw), "status": INVALID} for raw in items]
    cleaned: list[tuple[int, CleanVisit]] = []
    for index, raw in enumerate(items):
        visit, errors = clean_item(raw, now)
        if errors:
            results[index]["errors"] = errors
        else:
            cleaned.append((index, visit))
    if not cleaned:
        return results

    # No JIT here either (off for every connection, outreach.settings): stale statistics can put a
    # batch's statement past jit_above_cost, and compiling it cost more than running it (90 ms seen).
    with transaction.atomic():
        allowed = set(
            households_for_field_work(user)
            .filter(_among({v.household_id for _i, v in cleaned}))
            .order_by()  # a set: not the walk list's order (a join and a sort less)
            .values_list("id", flat=True)
        )
        known = _known_visits({v.uuid for _i, v in cleaned} | {v.replaces for _i, v in cleaned if v.replaces})
        pending = _classify(user, cleaned, allowed, known, results)
        if pending:
            saved = _insert(user, pending, known, results, now)
            if saved:
                reached_at = _roll_up_statuses({v.household_id for v in saved})
                # The keys of the batch's own rows (each new visit's, each replaced visit's) and the
                # days households were or are now first reached on, if that changed: not always a day
                # of the batch (an edit that drops a skill moves it to a later visit's day).
                before = {v.household_id: (v.commune_id, v.reached_before) for v in saved}
                rollups.refresh_visits(
                    [(v.commune_id, v.visited_at) for v in saved]
                    + [(v.commune_id, known[v.replaces].visited_at) for v in saved if v.replaces in known]
                    + [
                        (commune_id, moment)
                        for household_id, (commune_id, old) in before.items()
                        if old != reached_at[household_id]
                        for moment in (old, reached_at[household_id])
                        if moment is not None
                    ]
                )
                replaced = [known[v.replaces] for v in saved if v.replaces in known]
                team_rollups.refresh_visits(
                    [(v.household_id, v.visited_at) for v in saved]
                    + [(r.household_id, r.visited_at) for r in replaced],
                    team_of={v.household_id: v.team_id for v in saved},  # a replaced visit: same household
                )
    return results


# The UUIDs as one array literal: the ORM's uuid__in of up to 1,000 values costs ~2 ms to build per
# batch (each value prepared and bound), and every replayed batch asks it.
_KNOWN_SQL = """
SELECT v.uuid::text, v.id, v.household_id, v.visited_at, v.volunteer_id, v.fingerprint, r.id
FROM {visit} v LEFT JOIN {visit} r ON r.replaces_id = v.id
WHERE v.uuid = ANY(%s::uuid[])
"""


class _AnyOf(Lookup):
    """`column = ANY(%s::bigint[])`, the ids as one array literal: the ORM's __in binds a few hundred
    ids one by one (~1 ms per query), and unlike IN (SELECT unnest(…)) the planner probes the index."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", [*params, self.rhs]


def _among(ids: set[int]) -> _AnyOf:
    """A filter: the row's id is one of these."""
    return _AnyOf(F("id"), "{" + ",".join(str(int(i)) for i in ids) + "}")


def _known_visits(uuids: set[uuid.UUID]) -> dict[uuid.UUID, KnownVisit]:
    by_text = {str(u): u for u in uuids}
    with connection.cursor() as cursor:
        cursor.execute(_KNOWN_SQL.format(visit=Visit._meta.db_table), ["{" + ",".join(by_text) + "}"])
        return {by_text[row[0]]: KnownVisit(*row[1:]) for row in cursor.fetchall()}


def _classify(
    user: User,
    cleaned: list[tuple[int, CleanVisit]],
    allowed: set[int],
    known: dict[uuid.UUID, KnownVisit],
    results: list[dict],
) -> dict[uuid.UUID, tuple[int, CleanVisit]]:
    """Answer what the database and the batch itself already decide; return the visits to insert."""
    pending: dict[uuid.UUID, tuple[int, CleanVisit]] = {}
    replaced_in_batch: set[uuid.UUID] = set()
    for index, visit in cleaned:
        result = results[index]
        prior = known.get(visit.uuid)
        if prior is not None:
            if prior.household_id in allowed or prior.volunteer_id == user.id:
                result["status"] = _same_or_conflict(visit.fingerprint, prior.fingerprint)
            else:
                result["errors"] = {"household": [_("Not one of your households.")]}
            continue
        if visit.uuid in pending:
            result["status"] = _same_or_conflict(visit.fingerprint, pending[visit.uuid][1].fingerprint)
            continue
        errors: Errors = {}
        if visit.household_id not in allowed:
            errors["household"] = [_("Not one of your households.")]
        if visit.replaces is not None:
            message = _replaces_error(visit, known, pending, replaced_in_batch)
            if message:
                errors["replaces"] = [message]
        if errors:
            result["errors"] = errors
            continue
        if visit.replaces is not None:
            replaced_in_batch.add(visit.replaces)
        pending[visit.uuid] = (index, visit)
    return pending


def _replaces_error(
    visit: CleanVisit,
    known: dict[uuid.UUID, KnownVisit],
    pending: dict[uuid.UUID, tuple[int, CleanVisit]],
    replaced_in_batch: set[uuid.UUID],
) -> str | None:
    target = known.get(visit.replaces)
    if target is not None:
        household_id, already = target.household_id, target.replaced_by_id is not None
    elif visit.replaces in pending:
        household_id, already = pending[visit.replaces][1].household_id, False
    else:
        return _("No such visit (an edit must come after the visit it replaces).")
    if household_id != visit.household_id:
        return _("The replaced visit is of another household.")
    if already or visit.replaces in replaced_in_batch:
        return _("That visit has already been replaced.")
    return None


# The rows travel as one JSON parameter read by json_to_recordset: 500 rows as 8,000 bound values
# cost psycopg2 ~6 ms to quote and PostgreSQL ~3 ms to plan (a VALUES list of 8,000 parameters),
# one text costs a json.dumps. The record's types are the columns' own.
_INSERT_SQL = """
INSERT INTO {visit} (uuid, household_id, commune_id, volunteer_id, visited_at, outcome, skills, services,
    people_helped, notes, latitude, longitude, next_visit_on, replaces_id, fingerprint, received_at)
SELECT r.u, r.h, r.c, %(volunteer)s, r.t, r.o, r.sk, r.se, r.p, r.n, r.la, r.lo, r.nv, r.re, r.f, %(received_at)s
FROM json_to_recordset(%(rows)s) AS r(
    u uuid, h bigint, c bigint, t timestamptz, o varchar, sk varchar[], se varchar[], p smallint, n text,
    la numeric, lo numeric, nv date, re bigint, f varchar)
ON CONFLICT DO NOTHING
RETURNING uuid::text, id
"""


def _json_value(value: Any) -> Any:
    """What json.dumps cannot write itself, as text PostgreSQL reads back exactly."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)  # Decimal (six places, already quantized) and UUID


_encode_rows = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_json_value).encode


@dataclass(slots=True)
class Saved:
    """A visit this request inserted: what the roll-ups need of it."""

    household_id: int
    commune_id: int
    visited_at: datetime
    replaces: uuid.UUID | None
    reached_before: datetime | None  # the household's reached_at before this batch
    team_id: int | None  # the household's assigned team


def _insert(
    user: User,
    pending: dict[uuid.UUID, tuple[int, CleanVisit]],
    known: dict[uuid.UUID, KnownVisit],
    results: list[dict],
    now: datetime,
) -> list[Saved]:
    """INSERT … ON CONFLICT DO NOTHING in rounds; answer every pending item; return the visits saved."""
    # Lock the households first, in id order: concurrent batches for the same households then queue
    # here instead of deadlocking, and each roll-up sees the visits the previous batch committed.
    # Locked, a household cannot move commune or team before we commit: its commune read here is the
    # visit's, its team the one whose rollups count it, its reaching moment the one before this batch.
    locked = (
        Household.objects.filter(_among({v.household_id for _i, v in pending.values()}))
        .order_by("id")
        .select_for_update(no_key=True)
        .values_list("id", "commune_id", "reached_at", "assigned_team_id")
    )
    commune_of, before_batch = {}, {}
    for household_id, commune_id, reached_at, team_id in locked:
        commune_of[household_id], before_batch[household_id] = commune_id, (reached_at, team_id)
    known_ids = {visit_uuid: prior.id for visit_uuid, prior in known.items()}
    saved: list[Saved] = []
    lost: dict[uuid.UUID, tuple[int, CleanVisit]] = {}
    remaining = dict(pending)
    while remaining:
        # A visit whose replaced visit is still waiting in this batch goes in a later round.
        ready = {u: item for u, item in remaining.items() if item[1].replaces is None or item[1].replaces in known_ids}
        blocked = {u: item for u, item in remaining.items() if u not in ready}
        for index, visit in blocked.values():
            if visit.replaces not in remaining:  # its replaced visit was not saved by this batch
                results[index]["errors"] = {"replaces": [_("The replaced visit was not saved.")]}
        remaining = {u: item for u, item in blocked.items() if item[1].replaces in remaining}
        if not ready:
            break
        inserted = _insert_round(user, ready, known_ids, commune_of, now)
        announce(Action.CREATE, Visit, inserted.values())  # the raw INSERT sends no post_save
        known_ids.update(inserted)
        for visit_uuid, (index, visit) in ready.items():
            if visit_uuid in inserted:
                results[index]["status"] = CREATED
                household_id = visit.household_id
                saved.append(
                    Saved(
                        household_id,
                        commune_of[household_id],
                        visit.visited_at,
                        visit.replaces,
                        *before_batch[household_id],
                    )
                )
            else:
                lost[visit_uuid] = (index, visit)
    if lost:
        _answer_lost_races(lost, results)
    return saved


def _insert_round(
    user: User,
    ready: dict[uuid.UUID, tuple[int, CleanVisit]],
    known_ids: dict[uuid.UUID, int],
    commune_of: dict[int, int],
    now: datetime,
) -> dict[uuid.UUID, int]:
    rows = []
    by_text: dict[str, uuid.UUID] = {}
    # Same order in every request, so two batches racing on the same UUIDs wait instead of deadlocking.
    for visit_uuid in sorted(ready):
        visit = ready[visit_uuid][1]
        text = str(visit_uuid)
        by_text[text] = visit_uuid
        rows.append(
            {
                "u": text,
                "h": visit.household_id,
                "c": commune_of[visit.household_id],
                "t": visit.visited_at,
                "o": visit.outcome,
                "sk": visit.skills,
                "se": visit.services,
                "p": visit.people_helped,
                "n": visit.notes,
                "la": visit.latitude,
                "lo": visit.longitude,
                "nv": visit.next_visit_on,
                "re": known_ids.get(visit.replaces) if visit.replaces else None,
                "f": visit.fingerprint,
            }
        )
    params = {"volunteer": user.id, "received_at": now, "rows": _encode_rows(rows)}
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_SQL.format(visit=Visit._meta.db_table), params)
        return {by_text[text]: visit_id for text, visit_id in cursor.fetchall()}


def _answer_lost_races(lost: dict[uuid.UUID, tuple[int, CleanVisit]], results: list[dict]) -> None:
    """Rows another request inserted first: same content is a duplicate, other content a conflict."""
    stored = dict(Visit.objects.filter(uuid__in=lost).values_list("uuid", "fingerprint"))
    for visit_uuid, (index, visit) in lost.items():
        if visit_uuid in stored:
            results[index]["status"] = _same_or_conflict(visit.fingerprint, stored[visit_uuid])
        else:  # the only other unique column: someone else replaced that visit first
            results[index]["errors"] = {"replaces": [_("That visit has already been replaced.")]}


# ---------------------------------------------------------------- household roll-up

# One aggregate per household, each read by its id (visit_household_time), then that household's
# row updated by its id: the plan stays one probe per household whatever the statistics say. As one
# GROUP BY joined to the households, a near-empty table's statistics estimated 9 groups for 250 and
# compared every household with every group (31,000 comparisons, 10 ms of a batch).
_ROLL_UP_SQL = """
UPDATE {household} h SET
    status = {status_rule},
    reached_at = {reached_at},
    last_visit_at = agg.last_visit_at,
    next_visit_on = agg.next_visit_on,
    updated_at = now()
FROM unnest(%(households)s::bigint[]) AS ids(household_id)
CROSS JOIN LATERAL (
    SELECT max(v.visited_at) AS last_visit_at,
        (array_agg(v.outcome ORDER BY v.visited_at DESC, v.id DESC))[1] AS latest_outcome,
        array_agg(v.outcome) AS outcomes,
        (array_agg(v.next_visit_on ORDER BY v.visited_at DESC, v.id DESC))[1] AS next_visit_on,
        COALESCE(array_agg(DISTINCT s.skill) FILTER (WHERE s.skill IS NOT NULL), '{{}}') AS skills,
        {first_coached}
    FROM {visit} v
    LEFT JOIN LATERAL unnest(CASE WHEN v.outcome = %(met)s THEN v.skills END) AS s(skill) ON true
    WHERE v.household_id = ids.household_id
      -- A scalar subquery, not NOT EXISTS: the planner cannot turn it into an anti-join that scans
      -- every visit when its statistics are stale; it probes the unique replaces_id index per visit.
      AND (SELECT r.id FROM {visit} r WHERE r.replaces_id = v.id LIMIT 1) IS NULL
    GROUP BY v.household_id  -- no row for a household without current visits: it is left as it is
) AS agg
WHERE h.id = ids.household_id
RETURNING h.id, h.reached_at
"""


def _roll_up_statuses(household_ids: set[int] | list[int]) -> dict[int, datetime | None]:
    """Status, reached moment, last and next visit of these households, from their current visits;
    returns each household's reached moment now (visits.models.REACHED_AT_SQL)."""
    sql = _ROLL_UP_SQL.format(
        visit=Visit._meta.db_table,
        household=Household._meta.db_table,
        status_rule=STATUS_RULE_SQL,
        reached_at=REACHED_AT_SQL,
        first_coached=FIRST_COACHED_SQL,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"households": list(household_ids), "met": Outcome.MET})
        return dict(cursor.fetchall())


def roll_up_households(household_ids: set[int] | list[int]) -> None:
    """Recompute status / reached moment / last and next visit of these households from their current visits.

    One UPDATE … FROM for the whole batch. Current = not replaced by an edit; the status comes from
    the model's rule (visits.models.STATUS_RULE_SQL), the dates from the latest current visit. Then
    the rollups these households fall in are recounted (visits.rollups), every day of their visits:
    for writers that know only the households (the sync knows its keys and calls refresh_visits).
    """
    _roll_up_statuses(household_ids)
    rollups.refresh_households(household_ids)
    team_rollups.refresh_households(household_ids)
