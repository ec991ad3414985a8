"""The Django admin as the province's back office: a group of model permissions, not superuser.

A superuser passes every role check of the portal (accounts.access.has_role) and holds every permission,
deleting accounts and visits included; the back office needs neither. Its members are is_staff and in
this group: they can view and change the outreach data and accounts, but never delete an account
(deactivate it: visits and history keep their author) nor touch the account history.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

BACK_OFFICE_GROUP = "Back office"
BACK_OFFICE_APPS = ["accounts", "units", "visits", "products", "scans"]
WITHHELD = [
    ("accounts", "delete_user"),
    ("accounts", "add_accountchange"),
    ("accounts", "change_accountchange"),
    ("accounts", "delete_accountchange"),
    ("accounts", "add_sentmail"),
    ("accounts", "change_sentmail"),
    ("accounts", "delete_sentmail"),
    ("visits", "delete_visit"),
]


def ensure_back_office_group() -> Group:
    group, _created = Group.objects.get_or_create(name=BACK_OFFICE_GROUP)
    withheld = Q()
    for app_label, codename in WITHHELD:
        withheld |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=BACK_OFFICE_APPS).exclude(withheld))
    return group
