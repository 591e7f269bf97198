"""One family of application errors, and the one DRF handler that turns them into JSON."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response


class ApplicationError(Exception):
    """A rule of the domain said no. The message is translated and meant for a person."""

    status_code: int = status.HTTP_400_BAD_REQUEST
    code: str = "invalid"

    def __init__(
        self,
        message: Any,
        *,
        code: str | None = None,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        #: More the caller can act on (e.g. the choices of a reason the service asks for),
        #: added to the JSON body as it is.
        self.extra = extra or {}
        if code:
            self.code = code

    def __str__(self) -> str:
        return str(self.message)


class PermissionDenied(ApplicationError):
    status_code = status.HTTP_403_FORBIDDEN
    code = "permission_denied"


class Conflict(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        body: dict[str, Any] = {"detail": str(exc.message), "code": exc.code}
        if exc.field:
            body["errors"] = {exc.field: [str(exc.message)]}
        body.update(exc.extra)
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
            first = next(iter(errors.values()))[0]
            return Response(
                {"detail": first, "code": "invalid", "errors": errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {"detail": " ".join(str(m) for m in exc.messages), "code": "invalid"},
            status=status.HTTP_400_BAD_REQUEST,
        )
    # Imported here: DRF's views module reads the parser settings, whose JSON parser
    # (centers.parsers) imports this module's family of errors.
    from rest_framework.views import exception_handler

    response = exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict) and "detail" not in response.data:
        # Field errors from a serializer: keep them, and add one sentence a person can read.
        first = _first_message(response.data)
        response.data = {"detail": first, "code": "invalid", "errors": response.data}
    return response


def _first_message(data: Any) -> str:
    if isinstance(data, dict):
        for key, value in data.items():
            message = _first_message(value)
            if message:
                return message if key == "non_field_errors" else f"{key}: {message}"
    if isinstance(data, list):
        for value in data:
            message = _first_message(value)
            if message:
                return message
    return str(data) if data else ""
