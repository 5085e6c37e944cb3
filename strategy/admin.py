from typing import Any

from django.contrib import admin

from .models import Action, ActionUpdate, PartnerOrganisation, Priority, Strategy
from .services import action_update_status


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


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "priority", "lead_partner", "status", "progress", "due_on"]
    list_filter = ["status", "priority__strategy", "lead_partner"]
    search_fields = ["title"]
    filter_horizontal = ["supporting_partners"]
    inlines = [ActionUpdateInline]

    def save_model(self, request: Any, obj: Action, form: Any, change: bool) -> None:
        # A status or progress change goes through the service, so its history is kept.
        if change and {"status", "progress"} & set(form.changed_data):
            status, progress = obj.status, obj.progress
            original = Action.objects.get(pk=obj.pk)
            obj.status, obj.progress = original.status, original.progress
            super().save_model(request, obj, form, change)
            action_update_status(action_id=obj.pk, status=status, progress=progress,
                                 note="Changed in the admin.", made_by=request.user)  # fmt: skip
            obj.refresh_from_db()
        else:
            super().save_model(request, obj, form, change)
