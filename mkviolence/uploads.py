"""Upload size limit, enforced before a byte of an oversized file is kept: the request's
declared length first, then the bytes as they arrive (a client may not declare it)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class LimitedUploadHandler(FileUploadHandler):
    """First of the upload handlers: refuses an upload over ``MAX_UPLOAD_MB`` and passes the
    bytes on otherwise. A refused request reaches the view with no file and
    ``request.upload_too_large`` set, so the page says why."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.limit = settings.MAX_UPLOAD_MB * 1024 * 1024
        self.received = 0

    def handle_raw_input(
        self,
        input_data: Any,
        META: Any,
        content_length: int,
        boundary: Any,  # noqa: N803
        encoding: Any = None,
    ) -> None:
        # Refuse at the first file byte, once the form fields before it (the CSRF token) are
        # read, so the page can say why rather than fail the CSRF check.
        self.declared_too_large = bool(content_length and content_length > self.limit)

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        if self.declared_too_large:
            self._refuse()

    def _refuse(self) -> None:
        """Stop reading; the view reads ``request.upload_too_large`` to say why."""
        if self.request is not None:
            self.request.upload_too_large = True  # type: ignore[attr-defined]
        raise StopUpload(connection_reset=True)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
