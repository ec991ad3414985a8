import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Role
from tests.factories import UserFactory
from tests.training.factories import EnrolmentFactory, course_with
from training import indicators, services
from training.models import Attendance, NationalCompletion, PersonRole

pytestmark = pytest.mark.django_db

NAM_PHONG, GIAO_THUY_COMMUNE = "13696", "14149"


def _completed(course, unit, role=PersonRole.CITIZEN, **user_fields):
    enrolment = EnrolmentFactory(course=course, unit=unit, role=role, user=UserFactory(**user_fields))
    type(enrolment).objects.filter(pk=enrolment.pk).update(completed_at=timezone.now())
    return enrolment


@pytest.fixture
def trained(unit):
    """Portal, in-person and national completions in Nam Phong (TP Nam Định) and one commune of Giao Thủy."""
    course = course_with(title="Kỹ năng số cơ bản")
    nam_phong, giao = unit(NAM_PHONG), unit(GIAO_THUY_COMMUNE)
    _completed(course, nam_phong, PersonRole.VOLUNTEER)
    _completed(course, nam_phong)
    EnrolmentFactory(course=course, unit=nam_phong)  # in progress
    _completed(course, giao, PersonRole.OFFICIAL)
    officer = UserFactory(role=Role.COMMUNE_OFFICER, unit=nam_phong)
    services.record_session(
        officer,
        [
            {"full_name": "Phạm Văn Bình", "role": PersonRole.CITIZEN, "unit": nam_phong},
            {"full_name": "Lê Thị Cúc", "role": PersonRole.CITIZEN, "unit": nam_phong},
        ],
        title="Cầm tay chỉ việc: VNeID",
        topic="VNeID",
        unit=nam_phong,
        held_on=datetime.date(2026, 11, 20),
    )
    confirmed = services.record_national_completion(
        officer,
        platform=NationalCompletion.Platform.ONETOUCH,
        course_name="Chuyển đổi số cơ bản",
        completed_on=datetime.date(2026, 11, 1),
        certificate_number="OT-123",
        full_name="Đỗ Văn Dũng",
        role=PersonRole.OFFICIAL,
        unit=nam_phong,
    )
    services.confirm_national_completion(officer, confirmed)
    services.record_national_completion(  # not confirmed: not counted
        officer,
        platform=NationalCompletion.Platform.BINH_DAN_HOC_VU_SO,
        course_name="Bình dân học vụ số",
        completed_on=datetime.date(2026, 11, 2),
        certificate_number="B-9",
        full_name="Vũ Thị Én",
        role=PersonRole.CITIZEN,
        unit=nam_phong,
    )
    return course


def test_indicator_counts_by_source_and_role_roll_up_the_subtree(trained, unit, nam_dinh):
    values = indicators.counts(None, [unit(NAM_PHONG), unit("356"), nam_dinh])

    nam_phong = values[unit(NAM_PHONG).pk]
    assert nam_phong["trained_portal_volunteer"] == 1
    assert nam_phong["trained_portal_citizen"] == 1
    assert nam_phong["trained_in_person_citizen"] == 2
    assert nam_phong["trained_national_official"] == 1
    assert nam_phong["trained_total"] == 5
    assert values[unit("356").pk]["trained_total"] == 5
    assert values[nam_dinh.pk]["trained_total"] == 6
    assert values[nam_dinh.pk]["trained_portal_official"] == 1


def test_indicator_counts_respect_the_period(trained, nam_dinh):
    november_first_week = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 7))
    values = indicators.counts(november_first_week, [nam_dinh])[nam_dinh.pk]
    assert values["trained_national"] == 1
    assert values["trained_in_person"] == 0


def test_course_report_is_scoped_to_the_users_area(client, trained, unit):
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG)))
    response = client.get(reverse("training:report"))
    (row,) = response.context["courses"]
    assert (row.enrolled, row.completed, row.in_progress) == (3, 2, 1)

    client.force_login(UserFactory(role=Role.DISTRICT_OFFICER, unit=unit("365")))
    response = client.get(reverse("training:report"))
    (row,) = response.context["courses"]
    assert (row.enrolled, row.completed) == (1, 1)
    assert [u.code for u, _v in response.context["units"]] == list(unit("365").children.values_list("code", flat=True))


def test_learners_and_volunteers_get_no_report(client, unit):
    client.force_login(UserFactory(role=Role.VOLUNTEER, unit=unit(NAM_PHONG)))
    assert client.get(reverse("training:report")).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse("training:report")).status_code == 403


def test_report_query_count_does_not_grow_with_rows(client, trained, unit, nam_dinh):
    admin = UserFactory(role=Role.PROVINCE_ADMIN, unit=nam_dinh)
    client.force_login(admin)
    client.get(reverse("training:report"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("training:report"))
    for code in ("13684", "14149", "13696"):
        _completed(course_with(), unit(code))
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("training:report"))
    assert len(more) == len(few)


def test_xlsx_export_has_both_tables(client, trained, unit):
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG)))
    response = client.get(reverse("training:report") + "?format=xlsx")

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    courses, units = book.worksheets
    assert [c.value for c in courses[2]][:4] == ["Kỹ năng số cơ bản", 3, 1, 2]
    assert units[2][0].value == unit(NAM_PHONG).name
    assert units[1][2 + indicators.INDICATORS.index("trained_total")].value == "trained_total"
    assert units[2][2 + indicators.INDICATORS.index("trained_total")].value == 5


def test_attendance_and_session_are_written_together_or_not_at_all(unit):
    officer = UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG))
    with pytest.raises(Exception):  # noqa: B017, PT011 - any database error rolls back the session too
        services.record_session(
            officer,
            [{"full_name": "Phạm Văn Bình", "role": PersonRole.CITIZEN, "unit": None}],
            title="Hội nghị",
            topic="Chữ ký số",
            unit=unit(NAM_PHONG),
            held_on=datetime.date(2026, 11, 20),
        )
    from training.models import TrainingSession

    assert not TrainingSession.objects.exists()
    assert not Attendance.objects.exists()
