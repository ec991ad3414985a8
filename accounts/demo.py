"""Demo accounts, one per role; all share core.demo.DEMO_PASSWORD and are printed by `make run`."""

from core.demo import demo_password_hash
from units.models import AdministrativeUnit

from .back_office import ensure_back_office_group
from .models import Role, User

# The demo volunteer also logs in with this phone number (accounts/phone_login.py).
DEMO_VOLUNTEER_PHONE = "0912000001"

# username, role, unit code (GSO), full name
DEMO_USERS = [
    ("province_admin", Role.PROVINCE_ADMIN, "36", "Quản trị Sở TT&TT"),
    ("district_officer", Role.DISTRICT_OFFICER, "365", "Cán bộ Huyện Giao Thủy"),
    ("commune_officer", Role.COMMUNE_OFFICER, "13696", "Cán bộ Xã Nam Phong"),
    ("volunteer", Role.VOLUNTEER, "13696", "Tình nguyện viên Nam Phong"),
    ("learner", Role.LEARNER, None, "Người học"),
]


def seed(scale: str, stdout) -> None:
    codes = [code for _username, _role, code, _name in DEMO_USERS if code]
    units = {u.code: u for u in AdministrativeUnit.objects.filter(code__in=codes)}
    password = demo_password_hash()
    for username, role, code, full_name in DEMO_USERS:
        first, _sep, last = full_name.rpartition(" ")
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "unit": units.get(code),
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "password": password,
                "phone": DEMO_VOLUNTEER_PHONE if role == Role.VOLUNTEER else "",
            },
        )
        if created:
            stdout.write(f"demo user {username} ({role.label}) created")
    # The province administrator also works in the Django admin, the back office (accounts/back_office.py).
    admin = User.objects.get(username="province_admin")
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    admin.groups.add(ensure_back_office_group())
