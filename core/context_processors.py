from django.apps import apps


def navigation(request) -> dict:
    """Menu entries for this user: each app's config may offer nav_items(user) -> [(label, url)]."""
    user = getattr(request, "user", None)
    items = []
    if user is not None:
        for config in apps.get_app_configs():
            provider = getattr(config, "nav_items", None)
            if provider:
                items.extend(provider(user))
    return {"nav_items": items}
