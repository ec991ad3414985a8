"""Who acts on a household's data rights: the commune officer who keeps its register, or a
province administrator (a request may reach the province directly)."""

from django.http import Http404

from accounts.access import has_role, scope_to_units
from accounts.models import Role, User
from visits.models import Household


def access_household_rights(user: User, pk: int, *, manage: bool = False) -> Household:
    """The household if the user may export or erase its data; 404 otherwise (same for "not yours"
    and "does not exist"). Both actions need the same standing, so `manage` changes nothing."""
    found = scope_to_units(user, Household.objects.select_related("commune", "hamlet"), "commune").filter(pk=pk).first()
    if found is None:
        raise Http404
    if has_role(user, [Role.PROVINCE_ADMIN]):
        return found
    if user.role == Role.COMMUNE_OFFICER and user.unit_id == found.commune_id:
        return found
    raise Http404
