"""Province admins see who is locked out after failed logins and lift a lock (accounts.throttle)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods

from . import throttle
from .access import role_required
from .models import Role


@cache_control(no_store=True, private=True)  # usernames and client addresses
@require_http_methods(["GET", "POST"])
@role_required(Role.PROVINCE_ADMIN)
def lockouts(request):
    if request.method == "POST":
        username = request.POST.get("username", "")[:150] or None
        address = throttle.Attempt.of("", request.POST.get("address", "")).address
        throttle.clear_lockout(username, address)
        messages.success(request, _("The lock was lifted."))
        return redirect("accounts_lockouts")
    context = {
        "lockouts": throttle.current_lockouts(),
        "pair_limit": throttle.LOGIN_FAILURES_ALLOWED,
        "address_limit": throttle.ADDRESS_FAILURES_ALLOWED,
    }
    return render(request, "accounts/lockouts.html", context)
