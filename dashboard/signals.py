"""Signals other apps may listen to (dashboard knows no app above it)."""

from django.dispatch import Signal

# Sent after a recompute of trend figures has committed, with ``run_id`` (a TrendRun id): the
# alerts compare the new figures with what they saw before.
trends_recomputed = Signal()
