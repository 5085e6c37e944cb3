from django.contrib import admin

from .models import Area, ImportBatch, SeriousViolenceDefinition


@admin.register(SeriousViolenceDefinition)
class SeriousViolenceDefinitionAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "is_active",
        "include_domestic_abuse",
        "victims_under_25_only",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["name", "description", "is_active"]}),
        (
            "What counts",
            {
                "fields": [
                    "include_homicide",
                    "include_knife_crime",
                    "knife_offence_types",
                    "include_gun_crime",
                    "require_public_place",
                ]
            },
        ),
        (
            "Widening it locally",
            {"fields": ["include_domestic_abuse", "extra_offence_types", "victims_under_25_only"]},
        ),
    ]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "vintage", "parent"]
    list_filter = ["level", "vintage"]
    search_fields = ["code", "name"]
    exclude = ["geometry"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "format",
        "status",
        "uploaded_by",
        "uploaded_at",
        "rows_read",
        "rows_stored",
        "rows_rejected",
    ]
    list_filter = ["status", "format"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]
