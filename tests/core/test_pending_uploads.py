"""A previewed file waits as a PendingUpload and is claimed at most once, by its owner, before it expires."""

import datetime
import threading
import uuid

import pytest
from django.db import connection, transaction

from core import uploads
from core.models import PendingUpload
from core.schedules import ensure_schedules
from core.tasks import delete_expired_uploads
from tests.factories import UserFactory

PURPOSE = "tests.import"

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory()


def test_the_owner_claims_the_content_once(owner):
    kept = uploads.keep(owner, PURPOSE, "ho.csv", b"a,b\n1,2\n", context={"commune": 7})
    claimed = uploads.claim(str(kept.pk), owner, PURPOSE)
    assert (claimed.original_name, claimed.content, claimed.context) == ("ho.csv", b"a,b\n1,2\n", {"commune": 7})
    assert uploads.claim(str(kept.pk), owner, PURPOSE) is None
    assert not PendingUpload.objects.exists()


def test_another_user_or_purpose_or_token_claims_nothing_and_the_file_stays(owner):
    kept = uploads.keep(owner, PURPOSE, "ho.csv", b"x")
    assert uploads.claim(kept.pk, UserFactory(), PURPOSE) is None
    assert uploads.claim(kept.pk, owner, "tests.other") is None
    for token in ["", "not-a-uuid", "\x00", str(uuid.uuid4()), None]:
        assert uploads.claim(token, owner, PURPOSE) is None
    assert PendingUpload.objects.filter(pk=kept.pk).exists()


def test_a_new_upload_replaces_the_owners_earlier_one_for_the_same_purpose(owner):
    older = uploads.keep(owner, PURPOSE, "a.csv", b"old")
    other_purpose = uploads.keep(owner, "tests.other", "b.csv", b"other")
    newer = uploads.keep(owner, PURPOSE, "c.csv", b"new")
    assert uploads.claim(older.pk, owner, PURPOSE) is None
    assert uploads.claim(newer.pk, owner, PURPOSE).content == b"new"
    assert PendingUpload.objects.filter(pk=other_purpose.pk).exists()


def test_an_expired_upload_cannot_be_claimed_and_the_cleanup_deletes_it(owner):
    expired = uploads.keep(owner, PURPOSE, "a.csv", b"old", lifetime=datetime.timedelta(seconds=-1))
    live = uploads.keep(owner, "tests.other", "b.csv", b"live")
    assert uploads.claim(expired.pk, owner, PURPOSE) is None
    assert delete_expired_uploads() == 1
    assert list(PendingUpload.objects.values_list("pk", flat=True)) == [live.pk]


def test_a_failure_after_the_claim_puts_the_file_back(owner):
    kept = uploads.keep(owner, PURPOSE, "a.csv", b"x")
    with pytest.raises(RuntimeError), transaction.atomic():
        assert uploads.claim(kept.pk, owner, PURPOSE) is not None
        raise RuntimeError("the import failed")
    assert uploads.claim(kept.pk, owner, PURPOSE).content == b"x"


def test_the_cleanup_is_scheduled_hourly():
    ensure_schedules()
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="core.tasks.delete_expired_uploads")
    assert (task.interval.every, task.interval.period) == (1, "hours")


@pytest.mark.django_db(transaction=True)
def test_two_confirms_racing_on_two_connections_get_the_file_once(owner):
    kept = uploads.keep(owner, PURPOSE, "a.csv", b"x")
    barrier = threading.Barrier(2)
    results = []

    def confirm() -> None:
        try:
            with transaction.atomic():
                barrier.wait()
                results.append(uploads.claim(kept.pk, owner, PURPOSE))
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(result is not None for result in results) == [False, True]
