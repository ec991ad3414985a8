from django.shortcuts import render

from accounts.access import staff_required

from .access import managed_commune
from .today import todays_work


@staff_required
def today(request):
    """The commune officer's start page; other roles start at their area's progress (403 here)."""
    commune = managed_commune(request.user)
    return render(request, "visits/today.html", {"commune": commune, "work": todays_work(commune)})
