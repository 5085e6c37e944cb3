from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "alerts"

    def ready(self) -> None:
        from dashboard.signals import trends_recomputed

        from .tasks import evaluate_after_recompute

        trends_recomputed.connect(evaluate_after_recompute, dispatch_uid="alerts-evaluate")
