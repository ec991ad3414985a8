"""The weekly digest: last week's coverage of the leader's unit and its communes furthest behind, on
Monday morning, to district officers (on by default) and province admins who subscribe."""

import datetime

import pytest
from django.utils import timezone

from coverage.weekly import last_week
from notifications import services
from notifications.kinds import get_kind
from notifications.models import Notification, NotificationSettings
from tests.coverage.factories import households_in, visit
from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory, ProvinceAdminFactory
from tests.notifications.conftest import at

pytestmark = pytest.mark.django_db
NGO_DONG, GIAO_HUONG, NAM_PHONG = "14149", "14155", "13696"


def _monday():
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday())


@pytest.fixture
def coverage_data(unit):
    """Giao Thủy: Ngô Đồng 1 of 2 households reached last week, Giao Hương 0 of 2; Nam Phong elsewhere."""
    reached, _other = households_in(unit(NGO_DONG), 2)
    households_in(unit(GIAO_HUONG), 2)
    households_in(unit(NAM_PHONG), 3)
    monday_last_week = last_week(_monday()).start
    visit(reached, reached=True, when=at(9, day=monday_last_week))


@pytest.fixture
def district_leader(unit):
    return DistrictOfficerFactory(username="digest_leader", unit=unit("365"))


def test_a_district_officer_gets_the_digest_of_the_district_by_default(
    district_leader, coverage_data, sweep, mailoutbox
):
    NotificationSettings.objects.create(user=district_leader, language="en")

    assert sweep("weekly_digest", at(7, 15, day=_monday())) == 1

    (mail,) = mailoutbox
    assert mail.to == [district_leader.email]
    assert mail.subject.startswith("Weekly digest: Huyện Giao Thủy")
    html = mail.alternatives[0][0]
    assert "Households reached: 1 of 4 registered (25.0 %)." in mail.body
    # The communes furthest behind, scoped to the district: Giao Hương (0 %) before Ngô Đồng (50 %).
    behind = mail.body[mail.body.index("Communes furthest behind") :]
    assert behind.index("Giao Hương") < behind.index("Ngô Đồng") and "Nam Phong" not in mail.body
    assert "<table" in html and "Giao Hương" in html and "Nam Phong" not in html
    assert "/profile/notifications/" in mail.body and "/profile/notifications/" in html
    note = Notification.objects.get(recipient=district_leader, kind="weekly_digest")
    assert note.url == "/coverage/365/" and "Giao Hương" in note.body


def test_the_digest_is_written_in_vietnamese_by_default(district_leader, coverage_data, sweep, mailoutbox):
    sweep("weekly_digest", at(7, 15, day=_monday()))

    (mail,) = mailoutbox
    assert "Huyện Giao Thủy" in mail.subject and "Weekly digest" not in mail.subject
    assert "Weekly digest" not in mail.alternatives[0][0]


def test_the_digest_goes_once_a_week_however_often_swept(district_leader, coverage_data, sweep, mailoutbox):
    monday = _monday()
    assert sweep("weekly_digest", at(7, 15, day=monday)) == 1
    assert sweep("weekly_digest", at(7, 15, day=monday)) == 0
    assert sweep("weekly_digest", at(9, day=monday + datetime.timedelta(days=2))) == 0

    (due,) = get_kind("weekly_digest").due(at(7, 15, day=monday))
    key = ("weekly_digest", due.recipient_id, due.object_id, due.occurrence)
    assert services.deliver(*key, attempt_id="retry", now=at(7, 15, day=monday)) == "duplicate"
    assert len(mailoutbox) == 1


def test_a_province_admin_gets_it_only_after_subscribing_and_a_district_officer_can_mute_it(
    client, district_leader, nam_dinh, unit
):
    admin = ProvinceAdminFactory(username="digest_admin", unit=nam_dinh)
    CommuneOfficerFactory(unit=unit(GIAO_HUONG))  # not offered to commune officers
    now = at(7, 15, day=_monday())
    recipients = lambda: {due.recipient_id for due in get_kind("weekly_digest").due(now)}  # noqa: E731

    assert recipients() == {district_leader.pk}

    client.force_login(admin)
    page = client.get("/profile/notifications/")
    assert 'value="weekly_digest"' in page.content.decode()
    assert "weekly_digest" not in page.context["form"].initial["kinds"]  # offered, unticked
    assert client.post("/profile/notifications/", {"language": "vi", "kinds": ["weekly_digest"]}).status_code == 302
    assert NotificationSettings.objects.get(user=admin).subscribed_kinds == ["weekly_digest"]

    client.force_login(district_leader)
    client.post("/profile/notifications/", {"language": "vi"})

    assert recipients() == {admin.pk}
    assert services.deliver("weekly_digest", district_leader.pk, district_leader.unit_id, "x", now=now) == "opted out"


def test_the_province_digest_lists_districts_beside_its_communes(nam_dinh, coverage_data, sweep, mailoutbox):
    admin = ProvinceAdminFactory(username="digest_admin", unit=nam_dinh)
    NotificationSettings.objects.create(user=admin, language="en", subscribed_kinds=["weekly_digest"])

    sweep("weekly_digest", at(7, 15, day=_monday()))

    (mail,) = mailoutbox
    assert "Households reached: 1 of 7 registered" in mail.body
    assert "<th" in mail.alternatives[0][0] and ">District<" in mail.alternatives[0][0]


def test_no_digest_to_a_leader_moved_to_another_unit_or_deactivated(district_leader, unit, mailoutbox):
    now = at(7, 15, day=_monday())
    (due,) = get_kind("weekly_digest").due(now)
    key = ("weekly_digest", due.recipient_id, due.object_id, due.occurrence)
    district_leader.unit = unit("356")
    district_leader.save()
    assert services.deliver(*key, now=now) == "no longer due"

    district_leader.unit = unit("365")
    district_leader.is_active = False
    district_leader.save()
    assert services.deliver(*key, now=now) == "inactive recipient"
    assert services.deliver(*key, now=at(7, 15, day=_monday() + datetime.timedelta(days=7))) == "inactive recipient"
    assert mailoutbox == []
