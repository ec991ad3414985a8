"""Who reads the audit log: province administrators only (it names every officer's work)."""

from accounts.access import role_required
from accounts.models import Role, User

PROVINCE_ADMIN_ONLY = role_required(Role.PROVINCE_ADMIN)


def sees_audit_log(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role == Role.PROVINCE_ADMIN)
