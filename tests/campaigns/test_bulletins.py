"""Loudspeaker bulletins: sending, the commune's queue, airing records, the emergency banner, overdue,
the bulletins × communes matrix and per-district compliance."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from campaigns.models import Bulletin, BulletinAiring, BulletinTarget
from tests.campaigns.conftest import GIAO_HUONG, GIAO_THUY, HONG_THUAN, NAM_PHONG
from tests.campaigns.factories import BulletinFactory, BulletinTargetFactory

pytestmark = pytest.mark.django_db


def _send(client, unit, level="priority", **extra):
    now = timezone.localtime().replace(second=0, microsecond=0)
    data = {
        "level": level,
        "title": "Phòng chống bão số 3",
        "text": "Đề nghị bà con neo đậu tàu thuyền.",
        "valid_from": now.strftime("%Y-%m-%dT%H:%M"),
        "valid_until": (now + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        "units": [unit(GIAO_HUONG).pk],
        **extra,
    }
    return client.post("/bulletins/add/", data)


def test_district_sends_a_bulletin_to_chosen_communes_with_its_source_level_and_deadline(
    client_for, district_officer, unit
):
    response = _send(client_for(district_officer), unit, level="priority")
    assert response.status_code == 302
    bulletin = Bulletin.objects.get()
    assert bulletin.source_level == "district"
    assert bulletin.rank == 1
    assert list(bulletin.targets.values_list("commune__code", flat=True)) == [GIAO_HUONG]
    assert datetime.timedelta(hours=23) < bulletin.due_at - timezone.now() <= datetime.timedelta(hours=24)


def test_all_communes_of_a_district_expands_on_the_server(client_for, district_officer, unit):
    district = unit(GIAO_THUY)
    response = _send(client_for(district_officer), unit, units=[], all_communes=[district.pk])
    assert response.status_code == 302
    expected = set(district.children.current().values_list("pk", flat=True))
    assert set(BulletinTarget.objects.values_list("commune_id", flat=True)) == expected
    assert len(expected) > 20


def test_a_bulletin_needs_communes_in_scope_and_a_valid_period(client_for, district_officer, unit):
    client = client_for(district_officer)
    assert "units" in _send(client, unit, units=[unit(NAM_PHONG).pk]).context["form"].errors
    now = timezone.localtime()
    response = _send(client, unit, valid_until=(now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    assert "valid_until" in response.context["form"].errors
    assert not Bulletin.objects.exists()


def test_audio_is_checked_by_content(client_for, district_officer, unit, media_and_cache):
    client = client_for(district_officer)
    fake = SimpleUploadedFile("ban-tin.mp3", b"<html>not audio</html>", content_type="audio/mpeg")
    response = _send(client, unit, audio=fake)
    assert "audio" in response.context["form"].errors
    assert not Bulletin.objects.exists()
    mp3 = SimpleUploadedFile("ban-tin.mp3", b"ID3\x03\x00\x00\x00" + b"\x00" * 200, content_type="audio/mpeg")
    assert _send(client, unit, audio=mp3).status_code == 302
    bulletin = Bulletin.objects.get()
    assert bulletin.audio.name.endswith(".mp3")
    assert client.get(f"/bulletins/{bulletin.pk}/audio/").status_code == 200


def test_commune_queue_puts_emergency_first_and_marks_overdue(client_for, commune_officer, unit):
    commune = unit(GIAO_HUONG)
    normal = BulletinTargetFactory(commune=commune, bulletin=BulletinFactory(title="Bình thường"))
    emergency = BulletinTargetFactory(
        commune=commune, bulletin=BulletinFactory(title="Khẩn cấp", level="emergency", rank=0)
    )
    late = BulletinTargetFactory(
        commune=commune,
        bulletin=BulletinFactory(
            title="Ưu tiên quá hạn", level="priority", rank=1, due_at=timezone.now() - datetime.timedelta(hours=2)
        ),
    )
    response = client_for(commune_officer).get("/bulletins/")
    queue = response.context["queue"]
    assert [row.pk for row in queue] == [emergency.pk, late.pk, normal.pk]
    assert [row.overdue for row in queue] == [False, True, False]


def test_emergency_banner_shows_on_every_page_for_the_target_commune_until_aired(
    client_for, commune_officer, other_commune_officer, unit
):
    target = BulletinTargetFactory(
        commune=unit(GIAO_HUONG), bulletin=BulletinFactory(title="Cháy rừng khẩn cấp", level="emergency", rank=0)
    )
    client = client_for(commune_officer)
    for url in ("/", "/activities/", "/units/"):
        assert "Cháy rừng khẩn cấp" in client.get(url).content.decode(), url
    response = client.post(
        f"/bulletins/{target.bulletin_id}/",
        {
            "aired_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "times_aired": 2,
            "clusters_reached": 12,
            "aired_by": "Ông Tư",
        },
    )
    assert response.status_code == 302
    assert "Cháy rừng khẩn cấp" not in client.get("/").content.decode()
    client.force_login(other_commune_officer)
    assert 'data-testid="emergency-banner"' not in client.get("/").content.decode()


def test_banner_costs_one_query_and_none_for_other_roles(client_for, commune_officer, district_officer, unit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    BulletinTargetFactory(commune=unit(GIAO_HUONG), bulletin=BulletinFactory(level="emergency", rank=0))
    client = client_for(commune_officer)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert sum("campaigns_bulletin" in q["sql"] for q in queries.captured_queries) == 1
    client.force_login(district_officer)
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert sum("campaigns_bulletin" in q["sql"] for q in queries.captured_queries) == 0


def test_recording_airings_keeps_each_and_the_earliest_counts(client_for, commune_officer, unit):
    target = BulletinTargetFactory(commune=unit(GIAO_HUONG))
    client = client_for(commune_officer)
    later = timezone.localtime().replace(second=0, microsecond=0)
    earlier = later - datetime.timedelta(hours=3)
    for when in (later, earlier):
        data = {
            "aired_at": when.strftime("%Y-%m-%dT%H:%M"),
            "times_aired": 1,
            "clusters_reached": 8,
            "aired_by": "Bà Lan",
        }
        assert client.post(f"/bulletins/{target.bulletin_id}/", data).status_code == 302
    target.refresh_from_db()
    assert target.first_aired_at == earlier
    assert BulletinAiring.objects.filter(target=target, recorded_by=commune_officer).count() == 2


def test_an_airing_with_bad_numbers_is_refused_and_nothing_is_saved(client_for, commune_officer, unit):
    target = BulletinTargetFactory(commune=unit(GIAO_HUONG))
    data = {"aired_at": "not a date", "times_aired": 0, "clusters_reached": -1, "aired_by": ""}
    response = client_for(commune_officer).post(f"/bulletins/{target.bulletin_id}/", data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"aired_at", "times_aired", "clusters_reached", "aired_by"}
    assert not BulletinAiring.objects.exists()


def test_district_matrix_and_compliance_show_aired_and_overdue(client_for, district_officer, unit):
    a, b = unit(GIAO_HUONG), unit(HONG_THUAN)
    bulletin = BulletinFactory(due_at=timezone.now() - datetime.timedelta(hours=1))
    BulletinTargetFactory(bulletin=bulletin, commune=a, first_aired_at=timezone.now())
    BulletinTargetFactory(bulletin=bulletin, commune=b)
    response = client_for(district_officer).get("/bulletins/")
    communes = response.context["communes"]
    ((row_bulletin, cells),) = response.context["matrix"]
    assert row_bulletin == bulletin
    by_commune = dict(zip([c.pk for c in communes], cells, strict=True))
    assert by_commune[a.pk] is True
    assert by_commune[b.pk] is False
    assert sum(cell is None for cell in cells) == len(communes) - 2
    (compliance,) = response.context["compliance"]
    assert (compliance.unit.code, compliance.targets, compliance.aired, compliance.overdue) == (GIAO_THUY, 2, 1, 1)
    assert compliance.percent == 50


def test_matrix_query_count_is_constant_as_bulletins_grow(
    client_for, province_admin, unit, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    communes = list(unit(GIAO_THUY).children.all()[:6])
    client = client_for(province_admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/bulletins/?district={GIAO_THUY}").status_code == 200
        return len(queries.captured_queries)

    BulletinTargetFactory(commune=communes[0])
    few = count()
    for _ in range(8):
        bulletin = BulletinFactory()
        for commune in communes:
            BulletinTargetFactory(bulletin=bulletin, commune=commune)
    assert count() == few
