from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from . import services
from .models import AccountChange, ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (("CĐS", {"fields": ("role", "unit", "phone")}),)
    list_display = ("username", "get_full_name", "role", "unit", "is_active")
    list_filter = ("role", "is_active")
    raw_id_fields = ("unit",)
    search_fields = ("username", "first_name", "last_name", "email", "phone")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate instead: visits and history keep their author

    def save_model(self, request, obj, form, change) -> None:
        """Changes made in the back office are recorded like those made on /users/."""
        before = services.snapshot(User.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        request.account_before = before  # per request: the ModelAdmin instance is shared by threads

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        differences = services.differences(request.account_before, services.snapshot(obj))
        if differences or not change:
            action = AccountChange.Action.UPDATED if change else AccountChange.Action.CREATED
            services.record(obj, request.user, action, differences)


@admin.register(AccountChange)
class AccountChangeAdmin(admin.ModelAdmin):
    """Append-only history: listed, never added, changed or deleted here."""

    list_display = ("at", "user", "action", "actor")
    list_filter = ("action",)
    search_fields = ("user__username", "actor__username")
    list_select_related = ("user", "actor")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued by POST /api/v1/token (the key is shown once); here they are listed and revoked."""

    list_display = ("prefix", "user", "created_at", "last_used_at")
    search_fields = ("user__username", "prefix")
    readonly_fields = ("user", "prefix", "created_at", "last_used_at")

    def has_add_permission(self, request) -> bool:
        return False
