"""Authentication for the JSON API: `Authorization: Token <key>` for scripted clients, the session for the PWA.

A token-authenticated request carries no cookie, so it cannot be forged cross-site and is exempt from
CSRF; a session-authenticated unsafe request must pass Django's CSRF check (the PWA sends the
X-CSRFToken header from the csrftoken cookie). Errors are JSON: {"error": code, "detail": message}.
"""

import hashlib
import json
import secrets
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import wraps

from django.contrib.auth import authenticate
from django.http import HttpRequest, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import throttle
from .access import has_role
from .models import ApiToken, User

KEY_BYTES = 20  # 40 hex characters
# Writing last_used_at on every request would double the writes of a busy client; minutes are enough.
LAST_USED_RESOLUTION = timedelta(minutes=5)


def json_error(status: int, code: str, detail: str, **extra) -> JsonResponse:
    response = JsonResponse({"error": code, "detail": detail, **extra}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Token realm="api"'
    return response


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue_token(user: User) -> str:
    """A new key for the user; only its hash is kept, so this is the one time it can be read."""
    key = secrets.token_hex(KEY_BYTES)
    ApiToken.objects.create(user=user, key_hash=_hash(key), prefix=key[:8])
    return key


def user_for_token(key: str) -> User | None:
    token = ApiToken.objects.select_related("user", "user__unit").filter(key_hash=_hash(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class _CsrfCheck(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason  # a reason string instead of the HTML 403 page


def csrf_failure_reason(request: HttpRequest) -> str | None:
    check = _CsrfCheck(lambda req: None)
    check.process_request(request)
    return check.process_view(request, None, (), {})


def api_view(roles: Iterable[str]) -> Callable:
    """Authenticate by token or session, enforce CSRF for session-authenticated unsafe methods, then the role.

    401 without credentials or with a bad token, 403 for a role the view does not serve.
    """
    roles = tuple(roles)

    def decorator(view):
        @csrf_exempt  # checked below, only for the session
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            header = request.headers.get("Authorization", "")
            if header:
                scheme, _sep, key = header.partition(" ")
                user = user_for_token(key.strip()) if scheme.lower() == "token" and key.strip() else None
                if user is None:
                    return json_error(401, "invalid_token", _("Invalid or expired token."))
                request.user = user
            elif not request.user.is_authenticated:
                return json_error(401, "not_authenticated", _("Log in or send 'Authorization: Token <key>'."))
            elif request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
                reason = csrf_failure_reason(request)
                if reason:
                    return json_error(403, "csrf_failed", _("CSRF check failed: %(reason)s") % {"reason": reason})
            if not has_role(request.user, roles):
                return json_error(403, "forbidden", _("Your role cannot use this part of the API."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


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
    if not isinstance(value, str) or "\x00" in value:
        return ""
    try:
        value.encode()
    except UnicodeEncodeError:
        return ""
    return value


@csrf_exempt  # a login with credentials in the body; no cookie is trusted
@require_POST
def obtain_token(request: HttpRequest) -> JsonResponse:
    """POST username + password (form or JSON) → {"token": "..."}."""
    username, password = _credentials(request)
    if not username or not password:
        return json_error(400, "missing_credentials", _("Send 'username' and 'password' (form fields or JSON)."))
    # Counted per username and address by the authentication backend (accounts.throttle), shared with
    # the login page.
    if throttle.is_locked(throttle.attempt_of(request, username)):
        return json_error(429, "too_many_attempts", _("Too many failed attempts; try again in 15 minutes."))
    user = authenticate(request, username=username, password=password)
    if user is None:
        return json_error(401, "invalid_credentials", _("Wrong username or password."))
    return JsonResponse({"token": issue_token(user)})
