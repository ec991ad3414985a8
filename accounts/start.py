"""Where each role starts after logging in: where its work is, not the unit directory (URL names only)."""

from django.contrib.auth.views import LoginView
from django.urls import reverse

from .forms import ThrottledAuthenticationForm
from .models import Role, User

START_PAGES = {
    Role.VOLUNTEER: "visits_pwa:walk_list",
    Role.COMMUNE_OFFICER: "visits_staff:today",
    Role.DISTRICT_OFFICER: "visits_staff:progress",
    Role.PROVINCE_ADMIN: "visits_staff:progress",
}


def start_url(user: User) -> str:
    """Learners (and accounts with no unit to work in) start at the home page, later /learning/."""
    name = START_PAGES.get(user.role) if user.unit_id else None
    return reverse(name or "home")


class StartPageLoginView(LoginView):
    """The login page: says when a username is locked (accounts/throttle.py); a ?next= still wins."""

    authentication_form = ThrottledAuthenticationForm

    def get_default_redirect_url(self) -> str:
        return start_url(self.request.user)
