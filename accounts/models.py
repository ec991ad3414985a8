from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("Province administrator")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    VOLUNTEER = "volunteer", _("Volunteer (community digital technology team)")
    LEARNER = "learner", _("Learner / citizen")


# Roles that act for a unit and so must be bound to one.
UNIT_ROLES = [Role.PROVINCE_ADMIN, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER, Role.VOLUNTEER]
STAFF_ROLES = [Role.PROVINCE_ADMIN, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER]


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEARNER)
    unit = models.ForeignKey(
        "units.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=UNIT_ROLES) | Q(unit__isnull=False),
                name="user_unit_required_for_role",
                violation_error_message=_("Staff and volunteers must be bound to an administrative unit."),
            )
        ]

    @property
    def is_unit_staff(self) -> bool:
        return self.role in STAFF_ROLES


class ApiToken(models.Model):
    """A key for scripted API clients (`Authorization: Token <key>`); only its sha256 is stored."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, so a user can tell their tokens apart without the secret.
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class LoginFailure(models.Model):
    """Failed password checks of one username from one client address, in the current window.

    Kept in PostgreSQL (not the Redis cache) so that logging in keeps working, and locked accounts
    stay locked, while Redis is down (accounts/throttle.py).
    """

    username = models.CharField(_("username"), max_length=150)  # lower-cased as typed; may not exist
    address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("failures"), default=0)
    window_started_at = models.DateTimeField(_("first failure at"))
    last_failure_at = models.DateTimeField(_("last failure at"))

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        constraints = [
            models.UniqueConstraint(fields=["username", "address"], nulls_distinct=False, name="login_failure_once")
        ]
        indexes = [models.Index(fields=["address", "window_started_at"], name="login_failure_address")]

    def __str__(self) -> str:
        return f"{self.username} @ {self.address or '?'}: {self.failures}"
