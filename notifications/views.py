from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import selectors, services
from .access import access_notification
from .forms import NotificationSettingsForm

PAGE_SIZE = 30


@login_required
def centre(request):
    page = Paginator(selectors.notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/centre.html", {"page": page})


@never_cache
def unread_json(request):
    if not request.user.is_authenticated:
        return JsonResponse({"unread": 0}, status=401)
    return JsonResponse({"unread": selectors.unread_count(request.user)})


@login_required
@require_POST
def read(request, pk: int):
    notification = access_notification(request.user, pk)
    services.mark_read(notification)
    target = notification.url
    if request.POST.get("open") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:centre")


@login_required
@require_POST
def read_all(request):
    services.mark_all_read(request.user)
    return redirect("notifications:centre")


@login_required
def notification_settings(request):
    current = services.settings_of(request.user)
    if request.method == "POST":
        form = NotificationSettingsForm(request.user, request.POST)
        if form.is_valid():
            services.save_settings(
                request.user,
                language=form.cleaned_data["language"],
                muted_kinds=form.muted_kinds(current.muted_kinds),
                subscribed_kinds=form.subscribed_kinds(current.subscribed_kinds),
            )
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
    else:
        offered = NotificationSettingsForm(request.user).offered
        form = NotificationSettingsForm(
            request.user,
            initial={
                "language": current.language,
                "kinds": [kind.code for kind in offered if services.wants(kind, request.user, current)],
            },
        )
    return render(request, "notifications/settings.html", {"form": form})
