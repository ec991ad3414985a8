"""Extra factories for the outreach staff pages (consents, vessels); the rest are in tests.visits.factories."""

import datetime

import factory
from django.utils import timezone

from tests.visits.factories import HouseholdFactory
from visits.models import Consent, FishingVessel


class ConsentFactory(factory.django.DjangoModelFactory):
    """A consent for another purpose than door-to-door support (HouseholdFactory records that one)."""

    class Meta:
        model = Consent

    household = factory.SubFactory(HouseholdFactory)
    given_by = factory.SelfAttribute("household.head_name")
    given_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    purpose = Consent.Purpose.CONTACT


class FishingVesselFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FishingVessel

    owner = factory.SubFactory(HouseholdFactory, target_groups=["fisherman"])
    commune = factory.LazyAttribute(lambda vessel: vessel.owner.commune)
    registration_number = factory.Sequence(lambda n: f"NĐ-{90000 + n}-TS")
    name = factory.Sequence(lambda n: f"Tàu {n}")
    home_port = "Cảng cá Giao Thiện"
    expected_return_on = None
