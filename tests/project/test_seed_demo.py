"""`manage.py seed_demo` as `make run` calls it: the five demo logins of the README, every capability's demo
data, and nothing new on a second run."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import Role, User
from products.models import Category, Certification, Producer, ProductPhoto
from visits.models import FishingVessel, Household, Team

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_and_cache")]

DEMO_LOGINS = {
    "province_admin": (Role.PROVINCE_ADMIN, "36"),
    "district_officer": (Role.DISTRICT_OFFICER, "365"),  # Huyện Giao Thủy
    "commune_officer": (Role.COMMUNE_OFFICER, "13696"),  # Xã Nam Phong, Thành phố Nam Định
    "volunteer": (Role.VOLUNTEER, "13696"),
    "learner": (Role.LEARNER, None),
}


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.app_label != "sessions"
    }


def test_seed_demo_creates_the_demo_logins_and_data_and_a_rerun_changes_nothing(units_imported, client):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    for username, (role, code) in DEMO_LOGINS.items():
        user = User.objects.get(username=username)
        assert (user.role, user.unit.code if user.unit else None) == (role, code), username
        assert client.login(username=username, password="demo-password"), username
        assert username in out.getvalue().splitlines()[-1]  # the logins `make run` prints
    volunteer = User.objects.get(username="volunteer")
    assert Team.objects.filter(commune__code="13696", members=volunteer).exists()
    assert Household.objects.filter(commune__code="13696").count() == 200
    assert FishingVessel.objects.filter(commune__parent__code="365").exists()  # coastal Giao Thủy
    flowers = Producer.objects.filter(
        commune__code="13696", products__category__in=[Category.FLOWERS, Category.ORNAMENTAL_PLANTS]
    ).distinct()
    assert flowers.count() >= 2
    assert Certification.objects.filter(producer__in=flowers, kind=Certification.Kind.OCOP).exists()
    assert ProductPhoto.objects.filter(product__producer__in=flowers).exists()

    counts = row_counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert row_counts() == counts
