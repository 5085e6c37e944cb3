"""mkviolence: the settings package, Celery app and URL wiring, plus roles (the only models-free
app that depends on all others)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
