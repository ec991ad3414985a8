"""Public certificate verification without SQL on a repeat visit and without a write per visit.

A QR on a certificate is scanned by whoever checks it, often many times; each verification used to be
one UPDATE … RETURNING. Now a certificate's printed fields live in Redis for FIELDS_SECONDS under its
code, and the visit is counted there (HINCRBY on one hash) in the same round trip, by one Lua script.
Celery beat moves the counts into Certificate.verification_count every 5 minutes
(training.schedules), so the counts are exact once flushed. Revocation deletes the cached fields
before it answers, so the next verification reads the database and shows it at once. Unknown codes
are neither cached nor counted (a flood of made-up codes fills no Redis hash).

Without Redis each verification falls back to the old single UPDATE … RETURNING: counted at once.
"""

import json
import logging

import redis
from django.conf import settings
from django.db import connection, transaction

from core.redis import redis_client

logger = logging.getLogger(__name__)

FIELDS_SECONDS = 600  # revocation deletes the entry; the lifetime only bounds memory

# KEYS = fields key, counts hash; ARGV = code. Returns the cached fields, counting the visit if found.
_READ_AND_COUNT = """
local fields = redis.call('GET', KEYS[1])
if fields then redis.call('HINCRBY', KEYS[2], ARGV[1], 1) end
return fields
"""
# KEYS = counts hash; takes the whole hash away atomically, so a count lands in exactly one flush.
_TAKE_COUNTS = """
local counts = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
return counts
"""

_COLUMNS = ("id", "code", "learner_name", "course_title", "issuer", "issued_on", "revoked_on", "revocation_reason")
_RETURNED = "id, code, learner_name, course_title, issuer, issued_on, revoked_on, revocation_reason"
_SELECT_SQL = "SELECT " + _RETURNED + " FROM training_certificate WHERE code = %s"  # noqa: S608 (constants)
_COUNT_SQL = "UPDATE training_certificate SET verification_count = verification_count + 1 WHERE code = %s"
_COUNT_AND_SELECT_SQL = _COUNT_SQL + " RETURNING " + _RETURNED
_ADD_COUNTS_SQL = (
    "UPDATE training_certificate AS c SET verification_count = c.verification_count + v.n "
    "FROM unnest(%s::text[], %s::bigint[]) AS v(code, n) WHERE c.code = v.code"
)


def _prefix() -> str:
    return settings.CACHES["default"].get("KEY_PREFIX", "")


def fields_key(code: str) -> str:
    return f"{_prefix()}:training:verify:v1:{code}"


def counts_key() -> str:
    return f"{_prefix()}:training:verify:counts"


def _fields(row: tuple) -> dict:
    """Exactly what the PDF prints, the status, and the id (for the staff's revoke form; not published)."""
    data = dict(zip(_COLUMNS, row, strict=True))
    return {
        "id": data["id"],
        "code": data["code"],
        "learner_name": data["learner_name"],
        "course": data["course_title"],
        "issuer": data["issuer"],
        "issued_on": data["issued_on"].strftime("%d/%m/%Y"),
        "status": "revoked" if data["revoked_on"] else "valid",
        "revoked_on": data["revoked_on"].strftime("%d/%m/%Y") if data["revoked_on"] else None,
        "revocation_reason": data["revocation_reason"] or None,
    }


def _from_database(code: str, sql: str) -> dict | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, [code])
        row = cursor.fetchone()
    return _fields(row) if row else None


def verify_and_count(code: str) -> dict | None:
    """The certificate's fields with this code, its verification counted; None for an unknown code."""
    code = code.upper()
    client = redis_client()
    try:
        cached = client.eval(_READ_AND_COUNT, 2, fields_key(code), counts_key(), code)
    except redis.RedisError:
        logger.warning("Verification cache unavailable: %s counted in the database.", code)
        return _from_database(code, _COUNT_AND_SELECT_SQL)
    if cached is not None:
        return json.loads(cached)
    fields = _from_database(code, _SELECT_SQL)
    if fields is None:
        return None
    try:
        pipe = client.pipeline(transaction=False)
        pipe.set(fields_key(code), json.dumps(fields), ex=FIELDS_SECONDS)
        pipe.hincrby(counts_key(), code, 1)
        pipe.execute()
    except redis.RedisError:
        with connection.cursor() as cursor:
            cursor.execute(_COUNT_SQL, [code])
    return fields


def forget(code: str) -> None:
    """Drop the cached fields (a revocation): raises if Redis cannot be told, so the change is refused
    rather than a revoked certificate shown as valid for FIELDS_SECONDS."""
    redis_client().delete(fields_key(code))


def flush_counts() -> int:
    """Add the counts gathered in Redis to Certificate.verification_count; returns the visits added.
    If the database refuses, the counts go back to Redis for the next flush."""
    client = redis_client()
    flat = client.eval(_TAKE_COUNTS, 1, counts_key())
    counts = {flat[i].decode(): int(flat[i + 1]) for i in range(0, len(flat), 2)}
    if not counts:
        return 0
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_ADD_COUNTS_SQL, [list(counts), list(counts.values())])
    except Exception:
        pipe = client.pipeline(transaction=False)
        for code, n in counts.items():
            pipe.hincrby(counts_key(), code, n)
        pipe.execute()
        raise
    return sum(counts.values())
