import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Role
from tests.factories import UserFactory
from tests.training.factories import course_with
from training.models import Enrolment

pytestmark = pytest.mark.django_db

NAM_PHONG, OTHER_COMMUNE = "13696", "14149"


def _csv(*usernames: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("list.csv", ("username\n" + "\n".join(usernames) + "\n").encode(), "text/csv")


def test_all_volunteers_of_a_commune_after_preview_and_confirm(client, unit):
    course = course_with(is_open=False)
    officer = UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG))
    volunteers = [UserFactory(role=Role.VOLUNTEER, unit=unit(NAM_PHONG)) for _ in range(3)]
    UserFactory(role=Role.VOLUNTEER, unit=unit(OTHER_COMMUNE))
    client.force_login(officer)
    data = {"course": course.pk, "unit": unit(NAM_PHONG).pk, "group": "volunteers"}

    preview = client.post(reverse("training:cohort"), data)
    assert preview.status_code == 200
    assert not Enrolment.objects.exists()
    client.post(reverse("training:cohort"), {"confirm": "1"})

    enrolled = Enrolment.objects.filter(course=course)
    assert {e.user_id for e in enrolled} == {v.pk for v in volunteers}
    assert {e.source for e in enrolled} == {Enrolment.Source.COHORT}
    assert {e.role for e in enrolled} == {"volunteer"}


def test_all_officials_of_a_district(client, unit):
    course = course_with()
    district_officer = UserFactory(role=Role.DISTRICT_OFFICER, unit=unit("365"))
    officials = [UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(OTHER_COMMUNE)), district_officer]
    UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG))  # another district
    client.force_login(district_officer)

    client.post(reverse("training:cohort"), {"course": course.pk, "unit": unit("365").pk, "group": "officials"})
    client.post(reverse("training:cohort"), {"confirm": "1"})

    assert set(Enrolment.objects.values_list("user_id", flat=True)) == {o.pk for o in officials}


def test_staff_cannot_pick_a_unit_outside_their_area(client, unit):
    course = course_with()
    UserFactory(role=Role.VOLUNTEER, unit=unit(OTHER_COMMUNE))
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG)))

    response = client.post(
        reverse("training:cohort"), {"course": course.pk, "unit": unit(OTHER_COMMUNE).pk, "group": "volunteers"}
    )
    client.post(reverse("training:cohort"), {"confirm": "1"})

    assert response.status_code == 200 and response.context["form"].errors["unit"]
    assert not Enrolment.objects.exists()


def test_list_with_bad_rows_names_them_and_enrols_nobody(client, unit):
    course = course_with()
    citizen = UserFactory(username="citizen1")
    UserFactory(username="far_away", role=Role.VOLUNTEER, unit=unit(OTHER_COMMUNE))
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG)))
    data = {"course": course.pk, "unit": unit(NAM_PHONG).pk, "group": "list"}

    response = client.post(reverse("training:cohort"), {**data, "file": _csv("citizen1", "nobody", "far_away")})
    client.post(reverse("training:cohort"), {"confirm": "1"})

    assert response.status_code == 400
    assert [line for line, _reason in response.context["preview"].errors] == [3, 4]
    assert not Enrolment.objects.exists()

    client.post(reverse("training:cohort"), {**data, "file": _csv("citizen1")})
    client.post(reverse("training:cohort"), {"confirm": "1"})
    enrolment = Enrolment.objects.get()
    assert enrolment.user == citizen
    assert enrolment.unit == unit(NAM_PHONG)  # a citizen is counted in the cohort's commune


@pytest.mark.parametrize(
    ("name", "content"),
    [("list.csv", b"\xff\xfe\x00garbage"), ("list.xlsx", b"PK\x03\x04 not a workbook"), ("list.csv", b"name\nx\n")],
)
def test_unreadable_lists_are_a_clear_error(client, unit, name, content):
    course = course_with()
    client.force_login(UserFactory(role=Role.COMMUNE_OFFICER, unit=unit(NAM_PHONG)))
    response = client.post(
        reverse("training:cohort"),
        {
            "course": course.pk,
            "unit": unit(NAM_PHONG).pk,
            "group": "list",
            "file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 400
    assert response.context["preview"].errors
    assert not Enrolment.objects.exists()


def test_volunteers_cannot_enrol_cohorts(client, unit):
    client.force_login(UserFactory(role=Role.VOLUNTEER, unit=unit(NAM_PHONG)))
    assert client.get(reverse("training:cohort")).status_code == 403
