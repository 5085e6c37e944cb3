from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        # Sign-in, sign-out and lock-out events; Celery tasks' audit context.
        from . import signals  # noqa: F401
