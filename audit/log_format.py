"""The security log's JSON-lines format and file handler. Kept apart from the models: Django
configures logging before the apps are loaded."""

from __future__ import annotations

import json
import logging
from logging.handlers import WatchedFileHandler
from pathlib import Path
from typing import Any


class JsonLineFormatter(logging.Formatter):
    """One JSON object a line: the event as ``security_event_record`` gave it."""

    def format(self, record: logging.LogRecord) -> str:
        line = getattr(record, "security_event", None) or {"message": record.getMessage()}
        return json.dumps(line, sort_keys=True, default=str)


class SecurityLogFileHandler(WatchedFileHandler):
    """A file handler that reopens the file after log rotation, and makes its folder when it
    first writes (never at start-up: a read-only disk must not stop the site starting)."""

    def __init__(self, filename: str, **kwargs: Any) -> None:
        super().__init__(filename, delay=True, **kwargs)

    def _open(self) -> Any:
        Path(self.baseFilename).parent.mkdir(parents=True, exist_ok=True)
        return super()._open()
