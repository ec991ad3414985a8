"""The all-time communication rollup (campaigns.rollups) stays equal to a direct recount of the rows after
any mix of activities saved, moved and deleted, documents received and acknowledged, bulletins sent and
aired, and documents or bulletins deleted with their rows; the coverage source reads it for all time."""

import datetime
import io
import random

import pytest
from django.core.management import call_command
from django.db.models import Count, Q, Sum
from django.utils import timezone

from campaigns import rollups, services
from campaigns.indicators import SOURCE
from campaigns.models import Activity, BulletinTarget, Channel, DocumentRecipient, UnitCommunication
from tests.campaigns.factories import ActivityFactory, BulletinTargetFactory, DocumentRecipientFactory
from tests.factories import CommuneOfficerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_and_cache")]


def recount() -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {}
    done = Activity.objects.filter(status=Activity.Status.DONE).values("unit_id")
    for row in done.annotate(
        activities=Count("pk"),
        participants_in_person=Sum("participants_in_person"),
        participants_online=Sum("participants_online"),
        **{f"activities_{code}": Count("pk", filter=Q(channel=code)) for code in Channel.values},
    ):
        found.setdefault(row.pop("unit_id"), {}).update(row)
    for row in DocumentRecipient.objects.values("unit_id").annotate(
        documents_sent=Count("pk"), documents_acknowledged=Count("acknowledged_at")
    ):
        found.setdefault(row.pop("unit_id"), {}).update(row)
    for row in BulletinTarget.objects.values("commune_id").annotate(
        bulletins_sent=Count("pk"), bulletins_aired=Count("first_aired_at")
    ):
        found.setdefault(row.pop("commune_id"), {}).update(row)
    return {unit: {c: values.get(c, 0) for c in rollups.COLUMNS} for unit, values in found.items()}


def stored() -> dict[int, dict[str, int]]:
    rows = UnitCommunication.objects.values("unit_id", *rollups.COLUMNS)
    return {row.pop("unit_id"): row for row in rows if any(row[c] for c in rollups.COLUMNS)}


def test_the_rollup_equals_a_direct_recount_after_a_random_mix_of_writes(unit):
    rng = random.Random(20261205)
    units = [unit(code) for code in ("36", "365", "13696", "14155")]
    officer = CommuneOfficerFactory(unit=unit("13696"))
    activities, recipients, targets = [], [], []
    seen: set[str] = set()

    for _step in range(70):
        action = rng.choice(["activity", "edit", "delete", "document", "acknowledge", "bulletin", "airing", "drop"])
        if action == "activity" or (action in ("edit", "delete") and not activities):
            done = rng.random() < 0.6
            activities.append(
                ActivityFactory(
                    unit=rng.choice(units),
                    channel=rng.choice(Channel.values),
                    status=Activity.Status.DONE if done else Activity.Status.PLANNED,
                    result_report="Đã tổ chức." if done else "",
                    participants_in_person=rng.randint(0, 90),
                    participants_online=rng.randint(0, 500),
                )
            )
        elif action == "edit":  # moved, done or not, other figures: through the service
            activity = rng.choice(activities)
            activity.unit, activity.participants_in_person = rng.choice(units), rng.randint(0, 90)
            activity.status = rng.choice([Activity.Status.DONE, Activity.Status.CANCELLED])
            activity.result_report = "Đã tổ chức."
            services.save_activity(activity, by=officer)
        elif action == "delete":
            activities.pop(rng.randrange(len(activities))).delete()
        elif action == "document":
            recipients.append(DocumentRecipientFactory(unit=rng.choice(units)))
        elif action == "acknowledge" and recipients:
            services.acknowledge_document(rng.choice(recipients), by=officer)
        elif action == "bulletin":
            targets.append(BulletinTargetFactory(commune=rng.choice(units[2:])))
        elif action == "airing" and targets:
            aired_at = timezone.now() - datetime.timedelta(hours=rng.randint(0, 30))
            airing = services.AiringData(aired_at=aired_at, times_aired=1, clusters_reached=2, aired_by="Đài xã")
            services.record_airing(rng.choice(targets), airing, by=officer)
        elif action == "drop" and (recipients or targets):  # a document or bulletin deleted with its rows
            if recipients and (not targets or rng.random() < 0.5):
                recipients.pop(rng.randrange(len(recipients))).document.delete()
            else:
                targets.pop(rng.randrange(len(targets))).bulletin.delete()
        assert stored() == recount(), action
        seen |= {column for row in stored().values() for column, value in row.items() if value}

    assert {"activities", "documents_acknowledged", "bulletins_aired"} <= seen, "the mix must reach every kind"
    incremental = stored()
    UnitCommunication.objects.update(activities=99)
    call_command("rebuild_rollups", stdout=io.StringIO())
    assert stored() == incremental


def test_the_coverage_source_reads_the_rollup_for_all_time_only(unit):
    province, commune = unit("36"), unit("13696")
    ActivityFactory(unit=commune, status=Activity.Status.DONE, result_report="Xong.", participants_in_person=40)
    BulletinTargetFactory(commune=commune)
    UnitCommunication.objects.filter(unit=commune).update(participants_in_person=7)  # which one is read

    all_time = SOURCE.counts(None, [province])[province.pk]
    assert (all_time["activities"], all_time["activity_participants_in_person"], all_time["bulletins_sent"]) == (
        1,
        7,
        1,
    )
    today = timezone.localdate()
    month = SOURCE.counts((today - datetime.timedelta(days=30), today + datetime.timedelta(days=30)), [province])
    assert month[province.pk]["activity_participants_in_person"] == 40
