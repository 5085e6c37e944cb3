from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from incidents.models import SeriousViolenceDefinition
        from incidents.signals import import_batch_done, population_changed
        from strategy.measures import measures_register

        from .measures import MEASURES
        from .tasks import (
            recompute_after_definition_change,
            recompute_after_import,
            recompute_after_population_change,
        )

        import_batch_done.connect(recompute_after_import, dispatch_uid="dashboard-recompute")
        population_changed.connect(
            recompute_after_population_change, dispatch_uid="dashboard-population"
        )
        for signal in (post_save, post_delete):
            signal.connect(
                recompute_after_definition_change,
                sender=SeriousViolenceDefinition,
                dispatch_uid=f"dashboard-definition-{signal is post_save}",
            )
        measures_register({slug: str(m.name) for slug, m in MEASURES.items()})
