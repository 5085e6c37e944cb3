from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "dashboard"

    def ready(self) -> None:
        from incidents.signals import import_batch_done
        from strategy.measures import measures_register

        from .measures import MEASURES
        from .tasks import recompute_after_import

        import_batch_done.connect(recompute_after_import, dispatch_uid="dashboard-recompute")
        measures_register({slug: str(m.name) for slug, m in MEASURES.items()})
