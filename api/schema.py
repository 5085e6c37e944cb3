"""How the OpenAPI schema describes the API's own authentication."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API token from `manage.py api_token create USERNAME`.",
        }


ERROR_SCHEMA = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {"type": "string", "example": "invalid"},
        "message": {"type": "string", "example": "Some values are not valid: to: …"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "For invalid values: each field's messages.",
        },
    },
}
# Every operation can answer these; each is the JSON error above.
ERRORS = {
    "400": "A parameter or a value is not valid (``fields`` says which).",
    "401": "No token, or one that is not valid (revoked, mistyped).",
    "403": "Your role may not do this.",
    "404": "There is no such thing.",
    "405": "This address does not take that method.",
    "415": "The body is not in a format this address reads.",
    "429": "Too many requests for this token: wait as Retry-After says.",
}


def add_error_responses(
    result: dict[str, Any], generator: Any, request: Any, public: bool
) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the shared error body and the error answers
    every operation can give, so clients (and schemathesis) know them."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code, text in ERRORS.items():
                responses.setdefault(
                    code,
                    {
                        "description": text,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
                        },
                    },
                )
    return result
