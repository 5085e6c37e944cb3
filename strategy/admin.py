from typing import Any

from django.contrib import admin

from .models import (
    Action,
    ActionUpdate,
    BoardMeeting,
    Milestone,
    PartnerOrganisation,
    Priority,
    Strategy,
)
from .services import TRACKED, action_update


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "specified_authority", "contact_name"]
    list_filter = ["sector", "specified_authority"]
    search_fields = ["name"]


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["title", "starts_on", "ends_on", "is_current"]
    inlines = [PriorityInline]


class ActionUpdateInline(admin.TabularInline):
    model = ActionUpdate
    extra = 0
    can_delete = False
    readonly_fields = ["made_at", "made_by", "old_status", "new_status", "progress", "note"]

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "title",
        "priority",
        "lead_partner",
        "status",
        "progress",
        "due_on",
    ]
    list_filter = ["status", "priority__strategy", "lead_partner"]
    search_fields = ["title", "reference"]
    filter_horizontal = ["supporting_partners"]
    inlines = [MilestoneInline, ActionUpdateInline]

    def save_model(self, request: Any, obj: Action, form: Any, change: bool) -> None:
        # A change goes through the service, so its history is kept like any other.
        if not change:
            super().save_model(request, obj, form, change)
            return
        fields = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in TRACKED and name != "supporting_partners"
        }
        partners = (
            form.cleaned_data["supporting_partners"]
            if "supporting_partners" in form.changed_data
            else None
        )
        # The form saves the partners again afterwards: the same ones, so no second change.
        action_update(
            action_id=obj.pk,
            made_by=request.user,
            via="admin",
            note="Changed in the admin.",
            supporting_partners=partners,
            **fields,
        )
        obj.refresh_from_db()


@admin.register(BoardMeeting)
class BoardMeetingAdmin(admin.ModelAdmin):
    """Meetings are recorded on the board meetings page, with its checks; a snapshot is never
    changed, so the admin only shows them."""

    list_display = ["strategy", "held_on", "recorded_by", "recorded_at"]
    readonly_fields = ["strategy", "held_on", "snapshot", "recorded_by", "recorded_at"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
