import datetime
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import VolunteerFactory
from tests.visits.factories import HouseholdFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(hour: int, minute: int = 0, day: datetime.date | None = None) -> datetime.datetime:
    """An injected clock: today (or `day`) at hour:minute in Vietnam."""
    day = day or timezone.localdate()
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=HANOI)


def in_threads(target, count: int = 2) -> list:
    """Runs target(index) in `count` threads at once (each closes its own connection); their results."""
    results, errors = [], []

    def run(index):
        try:
            results.append(target(index))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.fixture
def sweep(eager_celery, django_capture_on_commit_callbacks):
    """Runs a kind's sweep at an injected time and then, as after its commit, the tasks it enqueued."""
    from notifications import services

    def run(kind_code: str, now: datetime.datetime) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return services.sweep(kind_code, now=now)

    return run


@pytest.fixture
def revisit_due(db):
    """A volunteer whose assigned household's revisit date is today."""
    volunteer = VolunteerFactory(username="vol_due")
    household = HouseholdFactory(
        commune=volunteer.unit,
        hamlet__commune=volunteer.unit,
        assigned_volunteer=volunteer,
        next_visit_on=timezone.localdate(),
    )
    return volunteer, household
