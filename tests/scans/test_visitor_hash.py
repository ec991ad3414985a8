"""The visitor hash of scan analytics: keyed by a secret salt that changes every day.

Without the salt the hash would be a fingerprint of the visitor's IP address and browser, linkable
across days and recomputable by anyone who holds an IP address and a user agent.
"""

import datetime
import hashlib
import hmac

import pytest

from scans import services

pytestmark = pytest.mark.django_db

IP = "203.0.113.41"
AGENT = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124 Mobile Safari/537.36"
)
MORNING = datetime.datetime(2026, 3, 9, 8, 0, tzinfo=services.SCAN_TIMEZONE)


class Clock:
    def __init__(self, now: datetime.datetime):
        self.now = now

    def __call__(self) -> datetime.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(MORNING)


@pytest.fixture
def counter(scan_counter, clock):
    scan_counter.clock = clock
    return scan_counter


def hash_of_a_view(rf, counter, product_id: int = 1) -> str:
    """The visitor hash a page view of this IP and browser leaves in the buffer."""
    counter.buffer.clear()
    counter.record(rf.get("/p/ABCD2345/", REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT), product_id)
    [(visitor, _product, _day)] = counter.buffer
    return visitor


def test_the_same_visitor_hashes_the_same_all_day_and_differently_the_next_day(rf, counter, clock):
    morning = hash_of_a_view(rf, counter)
    clock.now = MORNING.replace(hour=21)
    assert hash_of_a_view(rf, counter) == morning  # one visitor, one day: counted once as unique

    clock.now = MORNING + datetime.timedelta(days=1)
    assert hash_of_a_view(rf, counter) != morning  # not linkable to the day before


def test_the_hash_cannot_be_recomputed_from_the_ip_address_and_user_agent_alone(rf, counter):
    visitor = hash_of_a_view(rf, counter)
    text = f"{IP}\n{AGENT}".encode()
    plain = {
        digest(data).hexdigest()[:32]
        for data in (text, f"{IP}{AGENT}".encode(), f"{IP}:{AGENT}".encode(), IP.encode())
        for digest in (hashlib.sha256, hashlib.md5, hashlib.sha1, hashlib.blake2b)
    }
    plain.add(hmac.new(b"", text, hashlib.sha256).hexdigest()[:32])
    assert visitor not in plain

    # It is keyed by the day's secret salt, kept only in Redis and only until the day ends.
    salt_key = f"{services.PREFIX}salt:{MORNING:%Y%m%d}"
    salt = services.redis_client().get(salt_key)
    assert visitor == services.visitor_hash(salt, IP, AGENT)
    assert visitor != services.visitor_hash(b"another day's salt", IP, AGENT)
    assert 0 < services.redis_client().ttl(salt_key) <= 24 * 3600 + services.SALT_GRACE_SECONDS
