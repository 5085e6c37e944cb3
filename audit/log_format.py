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
    """A file handler that makes its folder, and reopens the file after log rotation."""

    def __init__(self, filename: str, **kwargs: Any) -> None:
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(filename, delay=True, **kwargs)
