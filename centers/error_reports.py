"""Error reports (the admins' e-mail, the debug page) masked like a log line.

Django's reports carry the request's URL, query and form values, headers and each frame's
local variables: a worker search puts a name or a phone number in every one of them.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, QueryDict
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

from centers.logmask import MASK, mask_query, mask_text


class MaskingExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports show no form values, and headers (the request line, the referrer) with
    their query values and phone numbers masked."""

    def get_safe_request_meta(self, request: HttpRequest) -> dict[str, Any]:
        meta = super().get_safe_request_meta(request)
        if isinstance(meta.get("QUERY_STRING"), str):
            meta["QUERY_STRING"] = mask_query("?" + meta["QUERY_STRING"])[1:]
        return {
            key: mask_text(value) if isinstance(value, str) else value
            for key, value in meta.items()
        }

    def get_post_parameters(self, request: HttpRequest | None) -> Any:
        return masked_params(request.POST) if request is not None else {}


class MaskingExceptionReporter(ExceptionReporter):
    """The admins' e-mail and the debug page: the URL and the query values are masked like a
    log line; the e-mail shows no local variables."""

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        if self.request is not None:
            data["request_GET_items"] = masked_params(self.request.GET).items()
            data["request_insecure_uri"] = mask_text(str(data.get("request_insecure_uri", "")))
        for frame in data.get("frames", []):
            if "vars" in frame:
                # An e-mail leaves the machine: no local values at all (a search term is a
                # name). The debug page, on a developer's machine, shows them masked.
                frame["vars"] = (
                    []
                    if self.is_email
                    else [(name, mask_text(str(value))) for name, value in frame["vars"]]
                )
        if data.get("exception_value"):
            data["exception_value"] = mask_text(str(data["exception_value"]))
        return data


def masked_params(params: QueryDict) -> QueryDict:
    masked = params.copy()
    for key in masked:
        masked.setlist(key, [MASK] * len(params.getlist(key)))
    return masked
