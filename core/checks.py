from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

MISSING_KEY_MESSAGE = (
    "DJANGO_SECRET_KEY is not set. Set it (50+ random characters), or set DJANGO_DEBUG=1 for local use."
)


# Deploy-time only: makemigrations and other commands that sign nothing must run without a key.
@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs) -> list[Error]:
    if getattr(settings, "SECRET_KEY_MISSING", False):
        return [Error(MISSING_KEY_MESSAGE, id="core.E001")]
    return []


def refuse_to_serve_without_secret_key() -> None:
    """WSGI/ASGI servers run no system checks: a portal must never serve with a throwaway key."""
    if getattr(settings, "SECRET_KEY_MISSING", False):
        raise ImproperlyConfigured(MISSING_KEY_MESSAGE)
