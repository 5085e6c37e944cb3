"""The OpenAPI schema: valid, and every operation described with an example."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _schema(tmp_path) -> dict:
    path = tmp_path / "schema.json"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--format",
        "openapi-json",
        "--file",
        str(path),
    )
    return json.loads(path.read_text())


def _has_example(operation: dict) -> bool:
    bodies = [operation.get("requestBody", {}), *operation.get("responses", {}).values()]
    for body in bodies:
        for media in body.get("content", {}).values():
            if media.get("example") is not None or media.get("examples"):
                return True
    return any("example" in p or "examples" in p for p in operation.get("parameters", []))


def test_every_operation_has_a_description_and_an_example(tmp_path):
    schema = _schema(tmp_path)
    missing = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if not operation.get("description") or not operation.get("summary"):
                missing.append(f"{method.upper()} {path}: description")
            if not _has_example(operation):
                missing.append(f"{method.upper()} {path}: example")
    assert missing == []
    assert "bearer" in json.dumps(schema["components"]["securitySchemes"])
    assert "/api/v1/schema/" not in schema["paths"]
