"""Write services for the household register, teams, assignments and vessels (staff pages)."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from core.text import fold
from units.models import AdministrativeUnit

from .household_import import ImportPreview
from .models import Consent, Hamlet, Household, Team


def add_consent(household: Household, *, given_by: str, given_at, purpose: str, recorded_by: User) -> Consent:
    return Consent.objects.create(
        household=household, given_by=given_by, given_at=given_at, purpose=purpose, recorded_by=recorded_by
    )


def withdraw_consent(consent: Consent, when=None) -> bool:
    """Withdrawing twice keeps the first date; returns whether anything changed."""
    if consent.withdrawn_at is not None:
        return False
    consent.withdrawn_at = max(when or timezone.now(), consent.given_at)
    consent.save(update_fields=["withdrawn_at"])
    return True


@transaction.atomic
def import_households(commune: AdministrativeUnit, preview: ImportPreview) -> int:
    """All or nothing: a preview with any error imports nothing; the caller re-validated just before."""
    if not preview.can_import:
        raise ValueError("refusing to import a preview with errors")
    valid_hamlets = set(Hamlet.objects.filter(commune=commune).values_list("pk", flat=True))
    households = [
        Household(
            commune=commune,
            hamlet_id=row.hamlet_id,
            address=row.address,
            head_name=row.head_name,
            # bulk_create skips save(), which is where the folded copy is usually made.
            head_name_folded=fold(row.head_name),
            phone=row.phone,
            members_count=row.members_count,
            target_groups=row.target_groups,
        )
        for row in preview.rows
        if row.hamlet_id in valid_hamlets
    ]
    if len(households) != len(preview.rows):
        raise ValueError("a hamlet disappeared between preview and import")
    Household.objects.bulk_create(households, batch_size=1000)
    return len(households)


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
    if unassign:
        count = households.update(assigned_team=None, assigned_volunteer=None, updated_at=timezone.now())
        return AssignmentResult(count, None, None, True)
    count = households.update(assigned_team=team, assigned_volunteer=volunteer, updated_at=timezone.now())
    return AssignmentResult(count, team, volunteer, False)


@transaction.atomic
def save_team(team: Team, members: list[User]) -> Team:
    """The leader is always a member."""
    team.save()
    member_ids = {m.pk for m in members}
    if team.leader_id:
        member_ids.add(team.leader_id)
    team.members.set(member_ids)
    return team
