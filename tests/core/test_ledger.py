"""ledger.claim: one INSERT … ON CONFLICT DO NOTHING; of two claims of one key exactly one wins."""

import datetime
import threading

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone

from core.ledger import claim

# Session has a unique key (session_key) and no app code: a plain table to claim rows in.
EXPIRES = timezone.now() + datetime.timedelta(days=1)


@pytest.mark.django_db
def test_the_first_claim_wins_and_a_repeat_loses():
    assert claim(Session, session_key="reminder:42:2026-12-05", session_data="", expire_date=EXPIRES)
    assert not claim(Session, session_key="reminder:42:2026-12-05", session_data="other", expire_date=EXPIRES)
    assert Session.objects.get(session_key="reminder:42:2026-12-05").session_data == ""


@pytest.mark.django_db
def test_a_lost_claim_leaves_the_transaction_usable():
    claim(Session, session_key="k", session_data="", expire_date=EXPIRES)
    assert not claim(Session, session_key="k", session_data="", expire_date=EXPIRES)
    assert Session.objects.count() == 1  # no IntegrityError aborted the transaction


@pytest.mark.django_db(transaction=True)
def test_two_connections_racing_for_one_key_get_exactly_one_win():
    barrier = threading.Barrier(2)
    results: list[bool] = []

    def race() -> None:
        try:
            barrier.wait()
            results.append(claim(Session, session_key="race", session_data="", expire_date=EXPIRES))
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=race) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert Session.objects.filter(session_key="race").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_claim_waits_for_an_uncommitted_one_and_then_loses():
    """A claim in an open transaction holds the key: the other waits, then sees the committed row."""
    from django.db import transaction

    started, results = threading.Event(), []

    def second() -> None:
        try:
            started.wait()
            results.append(claim(Session, session_key="held", session_data="", expire_date=EXPIRES))
        finally:
            connection.close()

    thread = threading.Thread(target=second)
    thread.start()
    with transaction.atomic():
        assert claim(Session, session_key="held", session_data="", expire_date=EXPIRES)
        started.set()
        thread.join(timeout=0.5)
        assert thread.is_alive()  # blocked on our uncommitted row
    thread.join()
    assert results == [False]
