"""Factories for door-to-door outreach: hamlets, teams, households, visits."""

import datetime
import uuid

import factory
from django.utils import timezone

from tests.factories import CommuneFactory, VolunteerFactory
from visits import rollups, team_rollups
from visits.models import Consent, ConsentGiven, Hamlet, Household, Outcome, Team, Visit
from visits.register import add_household
from visits.services import fingerprint_of_visit


class HamletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hamlet
        django_get_or_create = ("commune", "name")

    commune = factory.SubFactory(CommuneFactory)
    name = factory.Sequence(lambda n: f"Thôn {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    """TeamFactory(members=[a, b]) adds members; the leader (if any) is not added as a member."""

    class Meta:
        model = Team
        skip_postgeneration_save = True

    commune = factory.SubFactory(CommuneFactory)
    name = factory.Sequence(lambda n: f"Tổ CNS số {n}")
    leader = None

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


class HouseholdFactory(factory.django.DjangoModelFactory):
    """A household with its head's name and phone, so with a consent recorded as the add form does.

    HouseholdFactory(head_name="", phone="") is an address-only household (no consent).
    """

    class Meta:
        model = Household

    hamlet = factory.SubFactory(HamletFactory)
    commune = factory.SelfAttribute("hamlet.commune")
    address = factory.Sequence(lambda n: f"Số {n}, ngõ 3")
    head_name = factory.Sequence(lambda n: f"Trần Thị Hộ {n}")
    phone = factory.Sequence(lambda n: f"0912{n % 1000000:06d}")
    members_count = 4
    target_groups = factory.LazyFunction(lambda: ["farmer"])

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        household = model_class(*args, **kwargs)
        consent = None
        if household.head_name or household.phone:
            consent = ConsentGiven(
                household.head_name or "Chủ hộ",
                timezone.now() - datetime.timedelta(days=30),
                Consent.Channel.PAPER_FORM,
            )
        return add_household(household, consent=consent, recorded_by=None)


class VisitFactory(factory.django.DjangoModelFactory):
    """A met visit an hour ago by a volunteer of the household's commune; fingerprint as the sync computes it."""

    class Meta:
        model = Visit

    uuid = factory.LazyFunction(uuid.uuid4)
    household = factory.SubFactory(HouseholdFactory)
    volunteer = factory.SubFactory(VolunteerFactory, unit=factory.SelfAttribute("..household.commune"))
    visited_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1))
    outcome = Outcome.MET
    skills = factory.LazyFunction(list)
    services = factory.LazyFunction(list)
    people_helped = 1
    notes = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        visit = model_class(*args, **kwargs)
        if not visit.fingerprint:
            visit.fingerprint = fingerprint_of_visit(visit)
        visit.save()
        # As every write path does: the commune rollups follow (the status is left as the test set it).
        rollups.refresh_households([visit.household_id])
        team_rollups.refresh_households([visit.household_id])
        return visit
