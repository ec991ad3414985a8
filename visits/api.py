"""The JSON API of door-to-door outreach (/api/v1/), on django-ninja: token, logout, walk list, visit sync.

The schemas in visits/schemas.py are the contract: they validate, and they generate
/api/v1/openapi.json (interactive docs at /api/v1/docs, from vendored assets). Every error is
{"error": code, "detail": message} (accounts.api_auth.ApiError).
"""

import json
import math

from django.contrib.auth import logout
from django.core.exceptions import RequestDataTooBig
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from ninja import Field, NinjaAPI, Schema, Status
from ninja.decorators import decorate_view
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PaginationBase, paginate

from accounts.access import mask_phone
from accounts.api_auth import ApiError, ApiTokenAuth, PortalSessionAuth, obtain_token
from accounts.models import STAFF_ROLES, Role

from .access import walk_list
from .api_docs import VendoredSwagger
from .schemas import (
    MAX_BATCH,
    ErrorOut,
    HouseholdOut,
    SyncIn,
    SyncOut,
    TokenIn,
    TokenOut,
    huge_number_as_infinity,
)
from .services import sync_visits

API_ROLES = (Role.VOLUNTEER, *STAFF_ROLES)
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class OutreachApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """ninja documents the schemas it validates whole; the sync validates item by item (so one bad
        item cannot fail its batch), so its request body is described here, from the same VisitIn."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        body = SyncIn.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(body.pop("$defs", {}))
        components["SyncIn"] = body
        return schema


api = OutreachApi(
    title="CĐS Nam Định outreach API",
    version="1.0.0",
    description="Walk lists and duplicate-proof visit sync for community digital technology teams.",
    urls_namespace="visits_api",
    auth=[ApiTokenAuth(API_ROLES), PortalSessionAuth(API_ROLES)],
    docs=VendoredSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut}


def _error(request: HttpRequest, status: int, code: str, detail: str) -> HttpResponse:
    response = api.create_response(request, {"error": code, "detail": detail}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Token realm="api"'
    return response


@api.exception_handler(ApiError)
def _api_error(request, exc: ApiError):
    return _error(request, exc.status, exc.code, exc.detail)


@api.exception_handler(AuthenticationError)
def _not_authenticated(request, exc):
    return _error(request, 401, "not_authenticated", _("Log in or send 'Authorization: Token <key>'."))


@api.exception_handler(NinjaValidationError)
def _invalid_request(request, exc: NinjaValidationError):
    fields = sorted({str(e["loc"][-1]) for e in exc.errors if e.get("loc")})
    return _error(request, 400, "invalid_request", _("Check these values: %(fields)s.") % {"fields": ", ".join(fields)})


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, exc.status_code, "http_error", str(exc))


# ---------------------------------------------------------------- token and logout


@api.post(
    "/token",
    auth=None,
    url_name="token",
    response={200: TokenOut, 400: ErrorOut, 401: ErrorOut, 429: ErrorOut},
    summary="Exchange a username and password for an API token",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                media: {"schema": TokenIn.model_json_schema()}
                for media in ("application/json", "application/x-www-form-urlencoded")
            },
        }
    },
)
def token(request: HttpRequest):
    """Locked for 15 minutes after ten failed attempts for a username (shared with the login page)."""
    return {"token": obtain_token(request)}


@api.post("/logout", url_name="logout", response={204: None, **ERRORS}, summary="End this token or session")
def api_logout(request: HttpRequest):
    """Token-authenticated: the token is deleted and answers 401 from now on. Session: the session ends."""
    if request.api_token is not None:
        request.api_token.delete()
    else:
        logout(request)
    return Status(204, None)


# ---------------------------------------------------------------- walk list


class PageNumbers(PaginationBase):
    """?page=&page_size= → count, page, page_size, num_pages, next, previous, results."""

    class Input(Schema):
        page: int = Field(1, ge=1)
        page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        count: int
        page: int
        page_size: int
        num_pages: int
        next: str | None
        previous: str | None
        results: list[HouseholdOut]

    items_attribute = "results"

    def paginate_queryset(self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params):
        count = self._items_count(queryset)
        num_pages = max(1, math.ceil(count / pagination.page_size))
        if pagination.page > num_pages:
            raise ApiError(404, "no_such_page", _("There are only %(n)d pages.") % {"n": num_pages})
        start = (pagination.page - 1) * pagination.page_size
        return {
            "count": count,
            "page": pagination.page,
            "page_size": pagination.page_size,
            "num_pages": num_pages,
            "next": _page_url(request, pagination.page + 1) if pagination.page < num_pages else None,
            "previous": _page_url(request, pagination.page - 1) if pagination.page > 1 else None,
            "results": list(queryset[start : start + pagination.page_size]),
        }


def _page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def shows_full_phones(user) -> bool:
    """A volunteer's walk list is exactly the households they work, so they see those phones in full;
    everyone else (commune officers, superusers) gets masked phones in lists."""
    return user.role == Role.VOLUNTEER and not user.is_superuser


@api.get(
    "/households/",
    url_name="households",
    response={200: list[HouseholdOut], 404: ErrorOut, **ERRORS},
    summary="The caller's walk list",
)
@decorate_view(never_cache)  # names and phones: not kept in the HTTP cache of a phone that others use too
@paginate(PageNumbers)
def households(request: HttpRequest):
    """Volunteers: households assigned to them or their teams, phones in full. Commune officers: their
    commune, phones masked. Ordered by hamlet name, then address."""
    return _WalkListRows(walk_list(request.user), mask=not shows_full_phones(request.user))


class _WalkListRows:
    """The walk list as HouseholdOut rows, sliced by the paginator: one COUNT and one SELECT."""

    def __init__(self, queryset: QuerySet, *, mask: bool):
        fields = [name for name in HouseholdOut.model_fields if name != "hamlet"]
        self.queryset = queryset.values(*fields, "hamlet__name")
        self.mask = mask

    def all(self):
        return self.queryset

    def __getitem__(self, window: slice) -> list[dict]:
        rows = []
        for row in self.queryset[window]:
            row["hamlet"] = row.pop("hamlet__name")
            if self.mask and row["phone"]:
                row["phone"] = mask_phone(row["phone"])
            rows.append(row)
        return rows


# ---------------------------------------------------------------- visit sync


@api.post(
    "/visits/sync",
    url_name="sync",
    response={200: SyncOut, 413: ErrorOut, **ERRORS},
    summary="Upload visits logged on a phone (safe to retry)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SyncIn"}}},
        }
    },
)
def sync(request: HttpRequest):
    """Answers every item in order: created / duplicate / conflict / invalid (with per-field errors in the
    request's language). An invalid item never stops the valid ones from being saved. At most 500 items;
    a session-authenticated request needs the X-CSRFToken header."""
    try:
        payload = json.loads(request.body, parse_int=huge_number_as_infinity)
    except RequestDataTooBig:
        raise ApiError(413, "too_large", _("The request body is too large; send fewer visits per batch.")) from None
    except (ValueError, RecursionError, RawPostDataException):  # RawPostData: a multipart form was parsed
        raise ApiError(400, "malformed_json", _("The body is not valid JSON.")) from None
    visits = payload.get("visits") if isinstance(payload, dict) else None
    if not isinstance(visits, list):
        raise ApiError(400, "invalid_batch", _('Send a JSON object {"visits": [...]}.'))
    if len(visits) > MAX_BATCH:
        raise ApiError(
            400,
            "batch_too_large",
            _("At most %(max)d visits per batch (got %(count)d).") % {"max": MAX_BATCH, "count": len(visits)},
        )
    # Answered as built: the results are SyncOut already (tests/visits/test_openapi.py checks them
    # against the schema), and validating 500 of them again per batch would cost the sync ~10% of its speed.
    return JsonResponse({"results": sync_visits(request.user, visits)})
