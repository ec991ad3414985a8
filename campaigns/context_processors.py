from django.utils.functional import SimpleLazyObject


def emergency_bulletins(request) -> dict:
    """Unaired emergency bulletins for a commune officer, on every page: one indexed query, only when a
    template reads it, at most once per request (the result is kept on the request)."""

    def load():
        if not hasattr(request, "_emergency_bulletins"):
            from .selectors import emergency_banner

            user = getattr(request, "user", None)
            request._emergency_bulletins = emergency_banner(user) if user is not None else []
        return request._emergency_bulletins

    return {"emergency_bulletins": SimpleLazyObject(load)}
