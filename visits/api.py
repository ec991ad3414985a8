"""The JSON API of door-to-door outreach (/api/v1/): visit sync, walk list, OpenAPI document."""

import json

from django.core.exceptions import RequestDataTooBig
from django.core.paginator import Paginator
from django.http import HttpRequest, JsonResponse
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.access import mask_phone
from accounts.api_auth import api_view, json_error
from accounts.models import STAFF_ROLES, Role

from .access import sees_phones_of_field_households, walk_list
from .openapi import OPENAPI
from .services import MAX_BATCH, sync_visits

API_ROLES = (Role.VOLUNTEER, *STAFF_ROLES)
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
HOUSEHOLD_FIELDS = (
    "id",
    "hamlet__name",
    "hamlet_id",
    "address",
    "head_name",
    "phone",
    "members_count",
    "target_groups",
    "status",
    "last_visit_at",
    "next_visit_on",
)


@require_POST
@api_view(API_ROLES)
def sync(request: HttpRequest) -> JsonResponse:
    try:
        payload = json.loads(request.body)
    except RequestDataTooBig:
        return json_error(413, "too_large", _("The request body is too large; send fewer visits per batch."))
    except (ValueError, RecursionError, RawPostDataException):  # RawPostData: a multipart form was parsed
        return json_error(400, "malformed_json", _("The body is not valid JSON."))
    visits = payload.get("visits") if isinstance(payload, dict) else None
    if not isinstance(visits, list):
        return json_error(400, "invalid_batch", _('Send a JSON object {"visits": [...]}.'))
    if len(visits) > MAX_BATCH:
        return json_error(
            400,
            "batch_too_large",
            _("At most %(max)d visits per batch (got %(count)d).")
            % {
                "max": MAX_BATCH,
                "count": len(visits),
            },
        )
    return JsonResponse({"results": sync_visits(request.user, visits)})


def _positive_int(value: str | None, default: int) -> int | None:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number > 0 else None


@require_GET
@never_cache  # names and phones: not kept in the HTTP cache of a phone that others use too
@api_view(API_ROLES)
def households(request: HttpRequest) -> JsonResponse:
    page_number = _positive_int(request.GET.get("page"), 1)
    page_size = _positive_int(request.GET.get("page_size"), DEFAULT_PAGE_SIZE)
    if page_number is None or page_size is None or page_size > MAX_PAGE_SIZE:
        return json_error(
            400, "invalid_page", _("page must be ≥ 1 and page_size between 1 and %(max)d.") % {"max": MAX_PAGE_SIZE}
        )
    paginator = Paginator(walk_list(request.user).values(*HOUSEHOLD_FIELDS), page_size)
    if page_number > paginator.num_pages:
        return json_error(404, "no_such_page", _("There are only %(n)d pages.") % {"n": paginator.num_pages})
    page = paginator.page(page_number)
    show_phones = sees_phones_of_field_households(request.user)
    results = []
    for row in page.object_list:
        row["hamlet"] = row.pop("hamlet__name")
        if not show_phones and row["phone"]:
            row["phone"] = mask_phone(row["phone"])
        results.append(row)
    return JsonResponse(
        {
            "count": paginator.count,
            "page": page_number,
            "page_size": page_size,
            "num_pages": paginator.num_pages,
            "next": _page_url(request, page_number + 1) if page.has_next() else None,
            "previous": _page_url(request, page_number - 1) if page.has_previous() else None,
            "results": results,
        }
    )


def _page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@require_GET
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(OPENAPI, json_dumps_params={"ensure_ascii": False})
