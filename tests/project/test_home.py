"""The public home page: what the portal is, what a citizen can do, and the outreach figures."""

import pytest

from tests.factories import CommuneOfficerFactory
from tests.visits.factories import HouseholdFactory, VisitFactory
from visits.models import HouseholdStatus

pytestmark = pytest.mark.django_db


def test_anonymous_home_shows_outreach_figures_not_unit_counts(client, unit):
    reached = HouseholdFactory(hamlet__commune=unit("13696"), status=HouseholdStatus.REACHED)
    VisitFactory(household=reached)
    VisitFactory(household=HouseholdFactory(hamlet__commune=unit("14155")))
    response = client.get("/")
    assert response.status_code == 200
    headline = response.context["headline"]
    assert (headline.households, headline.reached, headline.visits, headline.communes_active) == (2, 1, 2, 2)
    html = response.content.decode()
    assert 'data-testid="households-reached">1<' in html
    assert "district-count" not in html and "overview" not in response.context


def test_home_and_navbar_lead_citizens_to_local_products(client, units_imported):
    html = client.get("/").content.decode()
    assert 'data-testid="products-link"' in html and 'href="/products/"' in html
    assert 'data-testid="nav-products"' in html


def test_a_logged_in_officer_is_offered_their_work(client, unit):
    client.force_login(CommuneOfficerFactory(unit=unit("13696")))
    assert 'data-testid="my-work"' in client.get("/").content.decode()
