from django.contrib import admin

from .models import Consent, FishingVessel, Hamlet, Household, Team, Visit


@admin.register(Hamlet)
class HamletAdmin(admin.ModelAdmin):
    list_display = ["name", "commune"]
    search_fields = ["name", "commune__name"]
    autocomplete_fields = ["commune"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "leader"]
    search_fields = ["name", "commune__name"]
    raw_id_fields = ["commune", "leader"]
    filter_horizontal = ["members"]


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["head_name", "address", "hamlet", "commune", "status", "assigned_team"]
    list_filter = ["status"]
    search_fields = ["head_name_folded", "address"]
    list_select_related = ["hamlet", "commune", "assigned_team"]
    raw_id_fields = ["commune", "hamlet", "assigned_team", "assigned_volunteer"]
    # The personal-data consent is linked by the register's services (visits.register), not here.
    readonly_fields = ["status", "consent", "last_visit_at", "next_visit_on"]
    inlines = [ConsentInline]


@admin.register(Visit)
class VisitAdmin(admin.ModelAdmin):
    list_display = ["uuid", "household", "volunteer", "visited_at", "outcome"]
    list_filter = ["outcome"]
    list_select_related = ["household", "volunteer"]
    raw_id_fields = ["household", "volunteer", "replaces"]
    readonly_fields = ["uuid", "fingerprint", "received_at"]
    date_hierarchy = "visited_at"


@admin.register(FishingVessel)
class FishingVesselAdmin(admin.ModelAdmin):
    list_display = [
        "registration_number",
        "name",
        "commune",
        "owner_label",
        "expected_return_on",
        "monitoring_installed",
    ]
    list_filter = ["monitoring_installed", "radio_registered"]
    list_select_related = ["commune", "owner"]
    search_fields = ["registration_number", "name", "owner_name"]
    raw_id_fields = ["commune", "owner"]
