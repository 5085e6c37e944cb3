"""A small least-recently-used store in one process's memory, for what every request would
otherwise fetch again: no pickling and no trip to the shared cache or the database."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any


class ProcessMemo:
    """At most ``size`` entries, each for ``seconds`` unless ``put`` is told until when
    (a ``time.monotonic()`` value). Safe to share between a process's threads."""

    def __init__(self, size: int, seconds: float) -> None:
        self.size = size
        self.seconds = seconds
        self.items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self.lock = threading.Lock()

    def entry(self, key: Hashable) -> tuple[float, Any] | None:
        """(until, value) of a live entry, or None."""
        with self.lock:
            found = self.items.get(key)
            if found is None:
                return None
            if found[0] < time.monotonic():
                del self.items[key]
                return None
            self.items.move_to_end(key)
            return found

    def get(self, key: Hashable) -> Any:
        found = self.entry(key)
        return None if found is None else found[1]

    def put(self, key: Hashable, value: Any, until: float | None = None) -> float:
        """Keep ``value``; returns until when."""
        until = time.monotonic() + self.seconds if until is None else until
        with self.lock:
            self.items[key] = (until, value)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return until

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
