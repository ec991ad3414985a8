"""The volunteers' offline-first PWA: the walk-list page, its service worker and its web app manifest.

The page itself is a shell: the walk list comes from GET /api/v1/households/ and is kept in the
phone's IndexedDB, and visits go out through POST /api/v1/visits/sync (see static/js/field/).
"""

import hashlib
import json
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

from accounts.access import role_required

from .access import FIELD_ROLES
from .api import MAX_PAGE_SIZE
from .models import HouseholdStatus, Outcome, Service, Skill
from .schemas import MAX_BATCH, MAX_NOTES_LENGTH, MAX_PEOPLE_HELPED

FIELD_SCOPE = "/field/"
APP_NAME = "CĐS Nam Định — Tổ công nghệ số"
THEME_COLOR = "#0d6efd"

# In load order: each part registers itself on window.FieldApp; walk_list.js starts the page.
FIELD_SCRIPTS = [
    "js/field/store.js",
    "js/field/sync.js",
    "js/field/render.js",
    "js/field/visit_form.js",
    "js/field/sync_loop.js",
    "js/field/walk_list.js",
]
# Everything the walk-list page needs to start with no network. Order does not matter.
SHELL_STATIC = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/portal.css",
    "favicon.svg",
    "field/field.css",
    "field/icons/icon-192.png",
    "field/icons/icon-512.png",
    *FIELD_SCRIPTS,
]


def shell_urls() -> list[str]:
    """The page and its assets as the browser will request them (hashed names in production)."""
    return [reverse("visits_pwa:walk_list"), *(static(path) for path in SHELL_STATIC)]


def _shell_fingerprint_uncached() -> str:
    # Production URLs carry content hashes already; in development they do not, so the files'
    # bytes go into the fingerprint too and an edited script reaches the phone's cache.
    digest = hashlib.sha256()
    for url in shell_urls():
        digest.update(url.encode())
    for path in SHELL_STATIC:
        found = finders.find(path)
        if found:
            with open(found, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:16]


_shell_fingerprint_cached = lru_cache(maxsize=1)(_shell_fingerprint_uncached)


def shell_fingerprint() -> str:
    return _shell_fingerprint_uncached() if settings.DEBUG else _shell_fingerprint_cached()


def _status_labels() -> dict[str, str]:
    """Short labels for a badge beside the address on a phone-wide row; any other status its own label."""
    short = {
        HouseholdStatus.NOT_VISITED: _("Not visited"),
        HouseholdStatus.ATTEMPTED: _("Not met yet"),
        HouseholdStatus.MET: _("Met"),
        HouseholdStatus.REACHED: _("Reached"),
    }
    return {value: short.get(value, label) for value, label in HouseholdStatus.choices}


def _status_help() -> dict[str, str]:
    """What a badge means, for the legend under the list and the badge's tooltip."""
    help_texts = {
        HouseholdStatus.NOT_VISITED: _("Nobody has logged a visit to this household yet."),
        HouseholdStatus.ATTEMPTED: _("Visited, but nobody was at home yet (or asked to come back later)."),
        HouseholdStatus.MET: _("Someone at home was met; not all five basic digital skills are coached yet."),
        HouseholdStatus.REACHED: _(
            "Members of the household have been coached in all five basic digital skills "
            "(online public services, shopping, payment, safety, local platforms), over one or more visits."
        ),
        HouseholdStatus.REFUSED: _("The household declined the support."),
        HouseholdStatus.MOVED: _("The household has moved away."),
        HouseholdStatus.DO_NOT_CONTACT: _("The household asked not to be visited again."),
    }
    return {value: help_texts[value] for value in HouseholdStatus.values if value in help_texts}


def _field_labels() -> dict[str, str]:
    """The names the volunteer's form gives the fields, for the server's answers about refused visits."""
    return {
        "__all__": _("Visit"),
        "uuid": _("Visit"),
        "household": _("Household"),
        "visited_at": _("Time of visit"),
        "outcome": _("Outcome"),
        "skills": _("Digital skills coached"),
        "services": _("Services completed"),
        "people_helped": _("People helped"),
        "notes": _("Notes"),
        "next_visit_on": _("Next visit"),
        "replaces": _("Edited visit"),
        "latitude": _("Location (GPS)"),
        "longitude": _("Location (GPS)"),
    }


def _page_config(request: HttpRequest) -> dict:
    return {
        "userId": request.user.pk,
        "householdsUrl": reverse("visits_api:households"),
        "householdsPageSize": MAX_PAGE_SIZE,
        "syncUrl": reverse("visits_api:sync"),
        "syncBatchSize": MAX_BATCH,
        "logoutApiUrl": reverse("visits_api:logout"),
        "serviceWorkerUrl": reverse("visits_pwa:service_worker"),
        "scope": FIELD_SCOPE,
        "loginUrl": f"{reverse('login')}?next={FIELD_SCOPE}",
        "logoutUrl": reverse("logout"),
        "statusLabels": _status_labels(),
        "statusHelp": _status_help(),
        "fieldLabels": _field_labels(),
        "outcomeLabels": dict(Outcome.choices),
        "strings": {
            "online": _("Online"),
            "offline": _("Offline — visits are saved on this phone"),
            "syncing": _("Sending visits…"),
            "synced": _("All visits sent."),
            "syncFailedNetwork": _("No connection: visits stay on this phone and are sent later."),
            "syncFailedAuth": _("Please log in again to send your visits."),
            "syncFailedServer": _("The server could not take the visits now; they stay on this phone."),
            "refreshFailed": _("Could not refresh the list; showing the copy saved on this phone."),
            "noHouseholds": _("No households are assigned to you yet."),
            "noMatch": _("No household matches."),
            "noCache": _("Open this page once with a connection to download your walk list."),
            "waiting": _("waiting to sync"),
            "savedOffline": _("Visit saved on this phone."),
            "chooseOutcome": _("Choose an outcome."),
            "invalid": _("Not accepted"),
            "conflict": _("Already sent with different content"),
            "discard": _("Discard"),
            "confirmDiscard": _("Discard this visit? It will not be sent."),
            "updatedAt": _("List updated"),
            "member": _("member"),
            "members": _("members"),
            "nextVisit": _("next visit"),
            "noLocation": _("Location not available: the visit is saved without it."),
            "draft": _("Draft"),
            "draftKept": _("The visit you started is kept as a draft: tap the household to finish it."),
        },
    }


@role_required(*FIELD_ROLES)
@ensure_csrf_cookie
@cache_control(private=True, no_cache=True)
@require_GET
def walk_list(request: HttpRequest) -> HttpResponse:
    labels = _status_labels()
    context = {
        "config": _page_config(request),
        "max_people_helped": MAX_PEOPLE_HELPED,
        "max_notes_length": MAX_NOTES_LENGTH,
        "outcomes": Outcome.choices,
        "skills": Skill.choices,
        "services": Service.choices,
        "scripts": FIELD_SCRIPTS,
        "status_legend": [(labels[value], text) for value, text in _status_help().items()],
    }
    return render(request, "visits/pwa/walk_list.html", context)


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from /field/ (not /static/) so its scope can be /field/; never cached by HTTP."""
    context = {
        "version": shell_fingerprint(),
        "shell_urls_json": json.dumps(shell_urls()),
        "page_url_json": json.dumps(reverse("visits_pwa:walk_list")),
        "scope_json": json.dumps(FIELD_SCOPE),
    }
    # No request passed: the worker is the same for everyone and needs no context processors.
    body = render_to_string("visits/pwa/sw.js", context)
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = FIELD_SCOPE
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
@cache_control(public=True, max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    body = {
        "name": APP_NAME,
        "short_name": "CĐS Nam Định",
        "lang": "vi",
        "start_url": FIELD_SCOPE,
        "scope": FIELD_SCOPE,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            {
                "src": static(f"field/icons/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in (192, 512)
        ],
    }
    return JsonResponse(body, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
