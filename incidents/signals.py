"""Signals other apps may listen to (incidents knows no other app)."""

from django.dispatch import Signal

# Sent once an import batch has finished and committed, with ``batch`` (an ImportBatch) — the
# trend engine recomputes what the batch touched.
import_batch_done = Signal()

# Sent once new population figures have committed (an upload, or reference data loaded): rates
# of every measure depend on them.
population_changed = Signal()
