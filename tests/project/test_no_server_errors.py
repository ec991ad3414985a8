"""No 500 on any input: every URL of the portal, with odd arguments and query strings, for each kind of user."""

import itertools
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import CommuneOfficerFactory, DistrictOfficerFactory, ProvinceAdminFactory, VolunteerFactory

pytestmark = pytest.mark.django_db

# Values a converter or a view might not expect: zero, a number past bigint, NUL, long and odd text.
ODD_INTS = ["0", "1", str(2**70)]
ODD_STRS = ["x", "%00", "Đ" * 300, "..%2F..", "13696"]
ODD_QUERIES = ["", "?q=%00", "?page=-1&page_size=10000000", "?q=" + "đ" * 500, "?commune=%00&category=x&days=abc"]
SKIPPED_PREFIXES = ("admin/",)


def _patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        pattern = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, pattern)
        elif isinstance(entry, URLPattern) and not pattern.startswith(SKIPPED_PREFIXES):
            yield pattern


def _paths(pattern: str) -> list[str]:
    """Concrete paths for a route ("<int:pk>/") or a regex ("^01/(?P<gtin>[^/]+)/$")."""
    route = pattern.replace("^", "").replace("$", "").replace("\\Z", "")
    slots = re.findall(r"<(?:(\w+):)?\w+>|\(\?P<\w+>[^)]*\)", route)
    if not slots:
        return ["/" + route]
    choices = [ODD_INTS if slot.startswith("<int:") else ODD_STRS for slot in slots]
    paths = []
    for values in itertools.islice(itertools.product(*choices), 12):
        path = route
        for slot, value in zip(slots, values, strict=True):
            path = path.replace(slot, value, 1)
        paths.append("/" + path)
    return paths


ALL_PATHS = sorted({path for pattern in _patterns() for path in _paths(pattern)})


@pytest.fixture(params=["anonymous", "volunteer", "commune_officer", "district_officer", "province_admin"])
def user_client(request, client, unit):
    factories = {
        "volunteer": lambda: VolunteerFactory(unit=unit("13696")),
        "commune_officer": lambda: CommuneOfficerFactory(unit=unit("13696")),
        "district_officer": lambda: DistrictOfficerFactory(unit=unit("365")),
        "province_admin": lambda: ProvinceAdminFactory(unit=unit("36")),
    }
    if request.param in factories:
        client.force_login(factories[request.param]())
    return client


def test_every_url_answers_odd_input_without_a_server_error(user_client):
    failures = []
    for path, query in itertools.product(ALL_PATHS, ODD_QUERIES):
        for method in ("get", "post"):
            response = getattr(user_client, method)(path + query, {"x": "\x00"} if method == "post" else None)
            if response.status_code >= 500:
                failures.append(f"{method.upper()} {path}{query} -> {response.status_code}")
    assert not failures, "\n".join(failures[:40])


def test_the_sweep_covers_the_portal():
    assert len(ALL_PATHS) > 60
    assert any(p.startswith("/p/") for p in ALL_PATHS) and any(p.startswith("/outreach/") for p in ALL_PATHS)
