from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def nav_items(self, user) -> list[tuple[str, str]]:
        from accounts.access import is_staff_role

        items = [(_("Courses"), reverse("training:course_list"))]
        if user.is_authenticated:
            items.append((_("My learning"), reverse("training:learning")))
        if is_staff_role(user):
            items.append((_("Training reports"), reverse("training:report")))
        return items

    def seed_demo(self, scale: str, stdout) -> None:
        """Called by `manage.py seed_demo` in INSTALLED_APPS order (after accounts); idempotent."""
        from .demo import seed

        seed(scale=scale, stdout=stdout)
