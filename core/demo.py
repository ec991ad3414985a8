"""Demo helpers every app's seeder shares: the one published password and invented Vietnamese people.

Every name and phone made here is invented, drawn from a random.Random the caller seeds, so a rerun
gives the same data.
"""

import random

from django.contrib.auth.hashers import make_password

DEMO_PASSWORD = "demo-password"  # noqa: S105 - published demo credential, printed by `make run`

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Đinh"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Ngọc", "Thu", "Quốc"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Lan", "Linh", "Long", "Mai", "Nam"]
GIVEN += ["Nga", "Phong", "Quang", "Sơn", "Thảo", "Trang", "Tuấn", "Vinh", "Xuân", "Yến", "Khánh", "Lộc"]
MOBILE_PREFIXES = ["091", "098", "097", "086", "035", "083"]


def demo_password_hash() -> str:
    """DEMO_PASSWORD hashed with the configured hasher; hash once per seeder (hashing is deliberately slow)."""
    return make_password(DEMO_PASSWORD)


def fake_name(rng: random.Random) -> str:
    """Family, middle and given name, e.g. "Trần Thị Lan"."""
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def fake_phone(rng: random.Random) -> str:
    """A 10-digit Vietnamese mobile number."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**7):07d}"
