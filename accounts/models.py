from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.phones import normalize_phone
from core.text import fold


class Role(models.TextChoices):
    PROVINCE_ADMIN = "province_admin", _("Province administrator")
    DISTRICT_OFFICER = "district_officer", _("District officer")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    VOLUNTEER = "volunteer", _("Volunteer (community digital technology team)")
    LEARNER = "learner", _("Learner / citizen")


# Roles that act for a unit and so must be bound to one.
UNIT_ROLES = [Role.PROVINCE_ADMIN, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER, Role.VOLUNTEER]
STAFF_ROLES = [Role.PROVINCE_ADMIN, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER]
# Highest first: a user may grant only the roles after their own.
ROLE_ORDER = [Role.PROVINCE_ADMIN, Role.DISTRICT_OFFICER, Role.COMMUNE_OFFICER, Role.VOLUNTEER, Role.LEARNER]


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
    # Stored normalized (normalize_phone) and unique: many volunteers log in with it, having no e-mail.
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Name, username and phone folded (core.text.fold) for a diacritic-insensitive people search.
    search_folded = models.CharField(max_length=300, editable=False, default="", db_index=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["phone"],
                condition=~Q(phone=""),
                name="user_phone_unique",
                violation_error_message=_("Another account already uses this phone number."),
            ),
            models.CheckConstraint(
                condition=~Q(role__in=UNIT_ROLES) | Q(unit__isnull=False),
                name="user_unit_required_for_role",
                violation_error_message=_("Staff and volunteers must be bound to an administrative unit."),
            ),
        ]

    def save(self, *args, **kwargs):
        self.phone = normalize_phone(self.phone)
        self.search_folded = fold(f"{self.first_name} {self.last_name} {self.username} {self.phone}")[:300]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "phone", "search_folded"}
        super().save(*args, **kwargs)


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


class AccountChange(models.Model):
    """One change to an account: who made it, when, and each field's value before and after.

    Append-only: rows are never updated or deleted (the model refuses; the admin only lists them),
    so an account's page can show its whole history.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("Account created")
        UPDATED = "updated", _("Account changed")
        DEACTIVATED = "deactivated", _("Account deactivated")
        REACTIVATED = "reactivated", _("Account reactivated")
        LINK_ISSUED = "link_issued", _("Set-password link issued")
        PASSWORD_SET = "password_set", _("Password set through a link")

    user = models.ForeignKey(User, verbose_name=_("account"), on_delete=models.PROTECT, related_name="changes")
    # Null when the change came from outside the portal (a management command).
    actor = models.ForeignKey(User, verbose_name=_("changed by"), null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # {"field": [before, after]} with display values (role labels, unit names), as read at the time.
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("account change")
        verbose_name_plural = _("account changes")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_action_display()} · {self.at:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("account changes are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("account changes are append-only")


class SentMail(models.Model):
    """Ledger of e-mails sent by tasks: a task claims its key (INSERT … ON CONFLICT DO NOTHING) before
    sending, so a retried or duplicated task sends once."""

    key = models.CharField(max_length=100, unique=True)
    claimed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key


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
