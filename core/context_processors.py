from django.apps import apps


def navigation(request) -> dict:
    """Menu entries for this user: each app's config may offer nav_items(user) -> [(label, url)].

    Apps come in their config's nav_order (default 50), so the menu leads with each role's work."""
    user = getattr(request, "user", None)
    items = []
    if user is not None:
        for config in sorted(apps.get_app_configs(), key=lambda config: getattr(config, "nav_order", 50)):
            provider = getattr(config, "nav_items", None)
            if provider:
                items.extend(provider(user))
    return {"nav_items": items}
