import pytest

from tests.visits.factories import HamletFactory, HouseholdFactory


@pytest.fixture
def household(volunteer):
    """One household of the volunteer's commune (tests/conftest.py's volunteer), assigned to them."""
    return HouseholdFactory(hamlet=HamletFactory(commune=volunteer.unit), assigned_volunteer=volunteer)


@pytest.fixture
def api(client, volunteer):
    """The test client logged in as the volunteer (the phone app's session)."""
    client.force_login(volunteer)
    return client
