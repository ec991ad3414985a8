"""Authentication for the JSON API: `Authorization: Token <key>` for scripted clients, the session for the PWA.

Two django-ninja auth classes, tried in this order: `ApiTokenAuth` (the hashed `ApiToken`) and
`PortalSessionAuth` (the logged-in session). A token-authenticated request carries no cookie, so it
cannot be forged cross-site and is exempt from CSRF; a session-authenticated unsafe request must pass
Django's CSRF check (the PWA sends the X-CSRFToken header from the csrftoken cookie). Both refuse a
role the API does not serve. Errors are `ApiError`s, answered as {"error": code, "detail": message}.

Tokens expire: after API_TOKEN_IDLE_DAYS without use and API_TOKEN_MAX_AGE_DAYS after they were
issued (settings, from the environment); `revoke_token` ends one at once (the app's logout).
"""

import hashlib
import json
import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, APIKeyHeader

from core.text import is_storable_text

from . import throttle
from .access import has_role
from .models import ApiToken, User

KEY_BYTES = 20  # 40 hex characters
# Writing last_used_at on every request would double the writes of a busy client; minutes are enough.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class ApiError(Exception):
    """An answer of the API other than success: HTTP status, a stable code, a message for people."""

    def __init__(self, status: int, code: str, detail: str):
        super().__init__(detail)
        self.status, self.code, self.detail = status, code, detail


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(user: User) -> str:
    """A new key for the user; only its hash is kept, so this is the one time it can be read."""
    key = secrets.token_hex(KEY_BYTES)
    ApiToken.objects.create(user=user, key_hash=_hash(key), prefix=key[:8])
    return key


def _expired(token: ApiToken, now) -> bool:
    last_active = token.last_used_at or token.created_at
    return now - token.created_at > settings.API_TOKEN_MAX_AGE or now - last_active > settings.API_TOKEN_IDLE_TIMEOUT


def token_for_key(key: str) -> ApiToken | None:
    """The live token of this key (its user loaded), or None; an expired token is deleted on sight."""
    token = ApiToken.objects.select_related("user", "user__unit").filter(key_hash=_hash(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if _expired(token, now):
        ApiToken.objects.filter(pk=token.pk).delete()
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def revoke_token(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk).delete()


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason  # a reason string instead of the HTML 403 page


def csrf_failure_reason(request: HttpRequest) -> str | None:
    check = _CsrfCheck(lambda req: None)
    check.process_request(request)
    return check.process_view(request, None, (), {})


class _RoleCheck:
    def __init__(self, roles: Iterable[str]):
        self.roles = tuple(roles)
        super().__init__()

    def admit(self, user: User) -> User:
        if not has_role(user, self.roles):
            raise ApiError(403, "forbidden", _("Your role cannot use this part of the API."))
        return user


class ApiTokenAuth(_RoleCheck, APIKeyHeader):
    """`Authorization: Token <key>`. A bad or expired token is 401 at once, never a fallback to the session."""

    param_name = "Authorization"

    def authenticate(self, request: HttpRequest, key: str | None):
        if not key:
            return None
        scheme, _sep, secret = key.partition(" ")
        token = token_for_key(secret.strip()) if scheme.lower() == "token" and secret.strip() else None
        if token is None:
            raise ApiError(401, "invalid_token", _("Invalid or expired token."))
        request.user = token.user
        request.api_token = token
        return self.admit(token.user)


class PortalSessionAuth(_RoleCheck, APIKeyCookie):
    """The portal's login session; unsafe methods must pass Django's CSRF check (after login, so an
    anonymous request is told to log in rather than that its CSRF token is missing)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self, roles: Iterable[str]):
        super().__init__(roles)
        self.csrf = False  # checked below, only once the session is known to be logged in

    def authenticate(self, request: HttpRequest, key: str | None):
        if not request.user.is_authenticated:
            raise ApiError(401, "not_authenticated", _("Log in or send 'Authorization: Token <key>'."))
        if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
            reason = csrf_failure_reason(request)
            if reason:
                raise ApiError(403, "csrf_failed", _("CSRF check failed: %(reason)s") % {"reason": reason})
        request.api_token = None
        return self.admit(request.user)


def _credentials(request: HttpRequest) -> tuple[str, str]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, RecursionError):
            data = None
        if not isinstance(data, dict):
            return "", ""
    else:
        data = request.POST
    return _text(data.get("username")), _text(data.get("password"))


def _text(value) -> str:
    """A credential the database can compare: a string without NUL or lone surrogates, else empty."""
    return value if isinstance(value, str) and is_storable_text(value) else ""


def obtain_token(request: HttpRequest) -> str:
    """Username + password (form or JSON) → a new key; ApiError for missing, locked or wrong credentials."""
    username, password = _credentials(request)
    if not username or not password:
        raise ApiError(400, "missing_credentials", _("Send 'username' and 'password' (form fields or JSON)."))
    # Counted per username and address by the authentication backend (accounts.throttle), shared with
    # the login page.
    if throttle.is_locked(throttle.attempt_of(request, username)):
        raise ApiError(429, "too_many_attempts", _("Too many failed attempts; try again in 15 minutes."))
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise ApiError(401, "invalid_credentials", _("Wrong username or password."))
    return issue_token(user)
