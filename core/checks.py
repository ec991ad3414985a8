from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from .secret_key import secret_key_problem

MISSING_KEY_MESSAGE = (
    "DJANGO_SECRET_KEY is not set. Set it (50+ random characters), or set DJANGO_DEBUG=1 for local use."
)
LOCAL_HTTP_MESSAGE = (
    "OUTREACH_LOCAL_HTTP=1 turns off the HTTPS redirect, HSTS and secure cookies for `make run` on "
    "plain-http localhost: never set it on a server that others reach."
)


def _key_problem() -> str | None:
    if getattr(settings, "SECRET_KEY_MISSING", False):
        return MISSING_KEY_MESSAGE
    return secret_key_problem(settings.SECRET_KEY, settings.BASE_DIR)


# Deploy-time only: makemigrations and other commands that sign nothing must run without a key.
@register(Tags.security, deploy=True)
def secret_key_is_safe(app_configs, **kwargs) -> list[Error]:
    problem = _key_problem()
    return [Error(problem, id="core.E001")] if problem else []


@register(Tags.security, deploy=True)
def not_local_http(app_configs, **kwargs) -> list[Error]:
    return [Error(LOCAL_HTTP_MESSAGE, id="core.E002")] if getattr(settings, "OUTREACH_LOCAL_HTTP", False) else []


def refuse_to_serve_without_secret_key() -> None:
    """WSGI/ASGI servers run no system checks: a portal must never serve with a missing or known key.
    Developer mode (DEBUG) serves only this machine, with the development key."""
    if settings.DEBUG:
        return
    problem = _key_problem()
    if problem:
        raise ImproperlyConfigured(problem)
