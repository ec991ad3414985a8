"""URL × role: every URL pattern of the URLconf is either declared public or checked, for every role,
against an object in the user's scope and one out of it (tests/project/access_rules.py). A new
pattern that is neither fails the first test until someone declares who may use it."""

import copy

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.project.access_rules import PUBLIC, RULES
from tests.project.access_world import ROLES, build_world

# The Django admin checks is_staff and model permissions itself (tests/accounts/test_back_office.py).
DELEGATED_PREFIXES = ("admin/",)
DENIED = {401, 403, 404}


def all_routes(resolver=None, prefix="") -> list[str]:
    routes = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            routes += all_routes(entry, route)
        elif isinstance(entry, URLPattern) and not route.startswith(DELEGATED_PREFIXES):
            routes.append(route)
    return routes


def test_every_url_pattern_is_declared_public_or_checked_for_every_role():
    routes = set(all_routes())
    undeclared = sorted(routes - PUBLIC.keys() - RULES.keys())
    assert undeclared == [], "declare these in tests/project/access_rules.py (PUBLIC or RULES)"
    assert not PUBLIC.keys() & RULES.keys()
    gone = sorted((PUBLIC.keys() | RULES.keys()) - routes - {"^media/(?P<path>.*)$"})
    assert gone == [], "these routes no longer exist: remove them from access_rules.py"


def outcome(response) -> str:
    if response.status_code in DENIED or (
        response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    ):
        return "denied"
    return "allowed" if response.status_code < 500 else f"error {response.status_code}"


def answered(client: Client, method: str, path: str) -> str:
    """The outcome of one request, undone afterwards: a POST that erases must not change the next one,
    and one that logs out (the API's logout) must not log the client out of the next."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        response = getattr(client, method)(path)
        transaction.set_rollback(True)
    client.cookies = cookies
    return outcome(response)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_it_may_in_scope_and_nothing_out_of_it(role, unit, media_and_cache):
    world = build_world(unit)
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    wrong = []
    for route, rule in RULES.items():
        sides = ["in", "out"] if rule.scoped else ["in"]
        for side in sides:
            allowed = rule.allowed if side == "in" else rule.out & rule.allowed
            expected = "allowed" if role in allowed else "denied"
            path = rule.url(world, side)
            got = answered(client, rule.method, path)
            if got != expected:
                wrong.append(f"{rule.method.upper()} {path} ({route}, {side}): {got}, expected {expected}")
    assert wrong == [], f"{role}:\n" + "\n".join(wrong)
