"""mkviolence: the settings package, Celery app and URL wiring, plus roles (the only models-free
app that depends on all others)."""

import os

# The suppression engine factors many small matrices: BLAS threads cost more than they save
# there, and pages run several processes side by side anyway. Set before NumPy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .celery import app as celery_app  # noqa: E402

__all__ = ["celery_app"]
