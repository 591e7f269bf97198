from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from . import views
from .errors import ApplicationError
from .inputs import BadInput, control_message, has_control
from .scoping import current_center, user_language_activate, user_role

#: Views answered to probes before the Host check and the https redirect.
HEALTH_VIEWS = {"/healthz": views.healthz, "/readyz": views.readyz}


class HealthCheckMiddleware:
    """``/healthz`` and ``/readyz`` answer a probe from inside the container
    (``http://127.0.0.1:8000/readyz``, the compose health check) although production redirects
    plain http to https and refuses a Host outside ``ALLOWED_HOSTS``. First in ``MIDDLEWARE``:
    the two views read nothing from the request and show nothing about anyone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        view = HEALTH_VIEWS.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)


class ContentSecurityPolicyMiddleware:
    """Sends ``settings.CONTENT_SECURITY_POLICY`` with every response: scripts, styles,
    images and requests from the site itself only, no inline script or style, no eval.
    Django's own debug pages (``DEBUG`` on, an error status) are left without it: they are
    built of inline styles and scripts, and only a developer sees them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 400:
            return response
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class CurrentCenterMiddleware:
    """Sets ``request.center`` and ``request.role`` (lazily) for page views, and shows
    times in the center's time zone to its staff."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: Any) -> HttpResponse:
        request.center = SimpleLazyObject(lambda: current_center(request))
        request.role = SimpleLazyObject(lambda: user_role(request.user, current_center(request)))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(self, request: Any, view_func: Any, view_args: Any, view_kwargs: Any) -> None:
        if request.user.is_authenticated:
            center = current_center(request)
            if center is not None:
                timezone.activate(center.tz)


class UserLanguageMiddleware:
    """A logged-in user's chosen language wins over the browser's: it is remembered per user.

    Runs before LocaleMiddleware; reads the user lazily from the session so it costs a
    query only for logged-in page requests (the user is loaded for them anyway)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: Any) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: Any, view_func: Any, view_args: Any, view_kwargs: Any) -> None:
        user_language_activate(request)


class BadInputMiddleware:
    """The blanket rule for bad input: a request whose path, query string or form fields
    hold a control character (a NUL byte above all, which PostgreSQL cannot store) is
    answered 400 before any view sees it; and an ``ApplicationError`` a page view did not
    catch (``centers.inputs.BadInput`` from a typed parser, most often) becomes its 4xx page
    instead of a 500. JSON bodies are checked by ``centers.parsers.JSONParser``.

    Listed after the language and user middleware, so the message is in the reader's
    language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: Any) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: Any, view_func: Any, view_args: Any, view_kwargs: Any) -> Any:
        if _holds_control(request):
            return error_response(request, BadInput(control_message()))
        return None

    def process_exception(self, request: Any, exception: Exception) -> Any:
        if isinstance(exception, ApplicationError):
            return error_response(request, exception)
        return None


def _holds_control(request: Any) -> bool:
    if has_control(request.path):
        return True
    for params in (request.GET, request.POST if request.method == "POST" else None):
        if params is None:
            continue
        for key, values in params.lists():
            if has_control(key) or any(has_control(value) for value in values):
                return True
    return False


def error_response(request: Any, error: ApplicationError) -> HttpResponse:
    """An application error as the reader expects it: JSON for the API, a page otherwise
    (the bare message for htmx, which swaps it where the answer was going)."""
    message = str(error.message)
    status = getattr(error, "status_code", 400)
    if request.path.startswith("/api/"):
        body: dict[str, Any] = {"detail": message, "code": error.code}
        if error.field:
            body["errors"] = {error.field: [message]}
        return JsonResponse(body, status=status)
    template = "_error_message.html" if getattr(request, "htmx", False) else "error_page.html"
    return render(request, template, {"message": message}, status=status)
