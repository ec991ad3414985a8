"""Who touched personal data, announced by the apps and recorded by the `audit` app.

Core imports no app, so the apps do not write the audit log themselves: they (and the generic model
receivers the audit app connects) call `announce()`, which sends `personal_data_touched`; the audit
app's receiver writes the rows in the same transaction as the change. Only field *names* travel,
never their values. The acting user is the current request's (`AuditActorMiddleware`), or nobody for
commands and Celery tasks (the system).
"""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    VIEW = "view", _("Viewed")


# Sent with action, model (a model class), ids (a list of primary keys; None for a whole list),
# fields (names), rows (how many records an export of a whole list carried, else None) and actor
# (a user or None).
personal_data_touched = Signal()

_current_request: ContextVar = ContextVar("audit_current_request", default=None)


def current_actor():
    """The logged-in (or token-authenticated) user of the request being served, else None."""
    request = _current_request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


@contextmanager
def acting_request(request):
    token = _current_request.set(request)
    try:
        yield
    finally:
        _current_request.reset(token)


def announce(
    action: str, model: type[models.Model], ids: Iterable | None, fields: Iterable[str] = (), *, rows: int | None = None
) -> None:
    """Record that the current actor did `action` to these rows of `model` (their `fields`, by name);
    ids=None for a whole list (an export: give `rows`, how many records it carried), an empty list
    for nothing at all."""
    ids = None if ids is None else list(ids)
    if ids == []:
        return
    personal_data_touched.send(
        sender=model, action=action, model=model, ids=ids, fields=sorted(fields), rows=rows, actor=current_actor()
    )


class AuditActorMiddleware:
    """Makes the request's user the actor of whatever the view announces (read when announced, so
    an API token resolved inside the view counts too)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_request(request):
            return self.get_response(request)
