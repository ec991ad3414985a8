from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from . import signals  # noqa: F401 (connects the receivers)

    def nav_items(self, user) -> list[tuple[str, str]]:
        from accounts.access import is_staff_role

        items = [(_("Courses"), reverse("training:course_list"))]
        if user.is_authenticated:
            items.append((_("My learning"), reverse("training:learning")))
        if is_staff_role(user):
            items.append((_("Training reports"), reverse("training:report")))
        return items

    def indicator_sources(self) -> list:
        """People trained, by source and role, for the coverage dashboard (core.indicators)."""
        from django.utils.text import format_lazy

        from core.indicators import Indicator, Kind

        from . import indicators
        from .models import PersonRole

        trained = _("People trained")
        sources = {"portal": _("portal course"), "in_person": _("in person"), "national": _("national platform")}
        roles = dict(PersonRole.choices)
        labels = {"trained_total": trained} | {
            f"trained_{source}": format_lazy("{} · {}", trained, label) for source, label in sources.items()
        }
        for source, source_label in sources.items():
            for role, role_label in roles.items():
                labels[f"trained_{source}_{role}"] = format_lazy("{} · {} · {}", trained, source_label, role_label)
        by_role = {f"trained_{source}_{role}" for source in sources for role in roles}
        return [
            indicators.TrainingSource(
                [Indicator(code, labels[code], Kind.EVENT, code in by_role) for code in indicators.INDICATORS]
            )
        ]

    def seed_demo(self, scale: str, stdout) -> None:
        """Called by `manage.py seed_demo` in INSTALLED_APPS order (after accounts); idempotent."""
        from .demo import seed

        seed(scale=scale, stdout=stdout)
