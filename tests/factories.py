"""factory_boy factories shared by every feature's tests."""

import factory
from django.contrib.auth.hashers import make_password

from accounts.models import Role, User
from units.models import AdministrativeUnit

PASSWORD = "correct-horse-battery"
_HASHED_PASSWORD = make_password(PASSWORD)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: str(90000 + n))
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    kind = "Xã"
    level = AdministrativeUnit.Level.COMMUNE
    parent = factory.LazyFunction(lambda: DistrictFactory())


class ProvinceFactory(UnitFactory):
    code = factory.Sequence(lambda n: str(90 + n % 9))
    name = factory.Sequence(lambda n: f"Tỉnh Thử {n}")
    kind = "Tỉnh"
    level = AdministrativeUnit.Level.PROVINCE
    parent = None


class DistrictFactory(UnitFactory):
    code = factory.Sequence(lambda n: str(900 + n))
    name = factory.Sequence(lambda n: f"Huyện Thử {n}")
    kind = "Huyện"
    level = AdministrativeUnit.Level.DISTRICT
    parent = factory.SubFactory(ProvinceFactory)


CommuneFactory = UnitFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Nguyễn Văn"
    last_name = factory.Sequence(lambda n: f"An {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = _HASHED_PASSWORD
    role = Role.LEARNER
    unit = None


class CommuneOfficerFactory(UserFactory):
    role = Role.COMMUNE_OFFICER
    unit = factory.SubFactory(CommuneFactory)


class DistrictOfficerFactory(UserFactory):
    role = Role.DISTRICT_OFFICER
    unit = factory.SubFactory(DistrictFactory)


class ProvinceAdminFactory(UserFactory):
    role = Role.PROVINCE_ADMIN
    unit = factory.SubFactory(ProvinceFactory)


class VolunteerFactory(UserFactory):
    role = Role.VOLUNTEER
    unit = factory.SubFactory(CommuneFactory)
