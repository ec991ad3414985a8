"""Write services for the household register, teams, assignments and vessels (staff pages)."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from core.audit import Action, announce
from units.models import AdministrativeUnit

from . import rollups, team_rollups
from .household_import import ImportPreview
from .models import Consent, ConsentGiven, FishingVessel, Hamlet, Household, Team

SUPPORT = Consent.Purpose.DIGITAL_SKILLS_SUPPORT


@transaction.atomic
def add_consent(
    household: Household, *, given_by: str, given_at, purpose: str, recorded_by: User | None, channel: str = ""
) -> Consent:
    """Record a consent; one for door-to-door support becomes the household's personal-data consent.

    A household has at most one active consent per purpose (a database constraint backs this up).
    """
    consent = Consent.objects.create(
        household=household,
        given_by=given_by,
        given_at=given_at,
        purpose=purpose,
        channel=channel or Consent.Channel.IN_PERSON,
        recorded_by=recorded_by,
    )
    if purpose == SUPPORT:
        household.consent = consent
        Household.objects.filter(pk=household.pk).update(consent=consent, updated_at=timezone.now())
        rollups.refresh_communes([household.commune_id])
        announce(Action.UPDATE, Household, [household.pk], ["consent"])
    return consent


@transaction.atomic
def add_household(household: Household, *, consent: ConsentGiven | None, recorded_by: User | None) -> Household:
    """Save a new household and, in the same step, the consent its name and phone need.

    Without consent only the address is kept: a name or phone is never stored first and consented later.
    """
    head_name, phone = household.head_name, household.phone
    if consent is None and (head_name or phone):
        raise ValueError("a name or phone needs the household's consent")
    entry = NewHousehold(household, head_name, phone, consent)
    return add_households_in_bulk([entry], recorded_by=recorded_by)[0]


@transaction.atomic
def withdraw_consent(consent: Consent, when=None) -> bool:
    """Withdrawing twice keeps the first date; returns whether anything changed.

    Withdrawing the door-to-door consent erases the head's name and phone (address and visits stay);
    phones drop them at their next sync, since the walk list they fetch no longer carries them.
    """
    if consent.withdrawn_at is not None:
        return False
    consent.withdrawn_at = max(when or timezone.now(), consent.given_at)
    consent.save(update_fields=["withdrawn_at"])
    erased = Household.objects.filter(consent=consent)
    announce(Action.UPDATE, Household, erased.values_list("pk", flat=True), ["consent", "head_name", "phone"])
    erased.update(consent=None, head_name="", head_name_folded="", phone="", updated_at=timezone.now())
    rollups.refresh_communes(Household.objects.filter(pk=consent.household_id).values_list("commune_id", flat=True))
    return True


@transaction.atomic
def import_households(commune: AdministrativeUnit, preview: ImportPreview, *, recorded_by: User | None) -> int:
    """All or nothing: a preview with any error imports nothing; the caller re-validated just before."""
    if not preview.can_import:
        raise ValueError("refusing to import a preview with errors")
    valid_hamlets = set(Hamlet.objects.filter(commune=commune).values_list("pk", flat=True))
    if any(row.hamlet_id not in valid_hamlets for row in preview.rows):
        raise ValueError("a hamlet disappeared between preview and import")
    entries = [
        NewHousehold(
            Household(
                commune=commune,
                hamlet_id=row.hamlet_id,
                address=row.address,
                members_count=row.members_count,
                target_groups=row.target_groups,
            ),
            row.head_name,
            row.phone,
            row.consent,
        )
        for row in preview.rows
    ]
    return len(add_households_in_bulk(entries, recorded_by=recorded_by))


@dataclass
class NewHousehold:
    """A household to add in bulk, with the personal data that goes in only beside its consent."""

    household: Household
    head_name: str = ""
    phone: str = ""
    consent: ConsentGiven | None = None


@transaction.atomic
def add_households_in_bulk(entries: list[NewHousehold], *, recorded_by: User | None) -> list[Household]:
    """add_household for many: address first, then the consents, then the names and phones beside them.

    Four statements per 1,000 households; a name or phone without its consent is dropped, never stored.
    """
    households = [entry.household for entry in entries]
    for household in households:
        household.head_name, household.phone = "", ""
    Household.objects.bulk_create(households, batch_size=1000)
    consented = [entry for entry in entries if entry.consent is not None]
    consents = Consent.objects.bulk_create(
        [
            Consent(
                household=entry.household,
                given_by=entry.consent.given_by,
                given_at=entry.consent.given_at,
                channel=entry.consent.channel,
                purpose=SUPPORT,
                recorded_by=recorded_by,
            )
            for entry in consented
        ],
        batch_size=1000,
    )
    for entry, consent in zip(consented, consents, strict=True):
        household = entry.household
        household.consent, household.head_name, household.phone = consent, entry.head_name, entry.phone
        household.fill_folded()  # bulk_update, unlike bulk_create, fills nothing
    Household.objects.bulk_update(
        [entry.household for entry in consented], ["consent", "head_name", "head_name_folded", "phone"], batch_size=1000
    )
    # bulk_create and bulk_update send no post_save: the audit log hears of them here.
    announce(Action.CREATE, Household, [household.pk for household in households])
    announce(Action.CREATE, Consent, [consent.pk for consent in consents])
    rollups.refresh_communes({household.commune_id for household in households})
    team_rollups.refresh_teams({household.assigned_team_id for household in households})
    return households


@dataclass
class AssignmentResult:
    count: int
    team: Team | None
    volunteer: User | None
    unassigned: bool


@transaction.atomic
def assign_households(
    households: QuerySet[Household], *, team: Team | None, volunteer: User | None, unassign: bool = False
) -> AssignmentResult:
    """One UPDATE for the whole selection, so it is all or nothing.

    Assigning only a team leaves the volunteer empty (the team shares the walk list); assigning only a
    volunteer clears the team so the household is not on two walk lists at once.
    """
    # Assignment changes the "assigned" count of the communes involved (bulk update sends no signal).
    communes = set(households.values_list("commune_id", flat=True).distinct())
    teams = set(households.values_list("assigned_team_id", flat=True).distinct())  # they leave these…
    if unassign:
        count = households.update(assigned_team=None, assigned_volunteer=None, updated_at=timezone.now())
    else:
        count = households.update(assigned_team=team, assigned_volunteer=volunteer, updated_at=timezone.now())
    rollups.refresh_communes(communes)
    team_rollups.refresh_teams(teams | {None if unassign or team is None else team.pk})  # … and join this one
    return AssignmentResult(count, team, volunteer, unassign)


@transaction.atomic
def save_team(team: Team, members: list[User]) -> Team:
    """The leader is always a member."""
    team.save()
    member_ids = {m.pk for m in members}
    if team.leader_id:
        member_ids.add(team.leader_id)
    team.members.set(member_ids)
    return team


@transaction.atomic
def save_vessel(vessel: FishingVessel, commune: AdministrativeUnit) -> FishingVessel:
    """A vessel belongs to its commune; the owner's name is kept only while no household is linked."""
    vessel.commune = commune
    if vessel.owner_id:
        vessel.owner_name = ""
    vessel.save()
    return vessel
