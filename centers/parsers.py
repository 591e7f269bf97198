"""The API's JSON parser: the same rule for text as everywhere (``centers.inputs``), and a
body nested too deeply for Python's parser is a 400, not a ``RecursionError``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from .inputs import control_message, has_control


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON is nested too deeply.")) from None
        if _holds_control(data):
            raise ParseError(control_message())
        return data


def _holds_control(data: Any) -> bool:
    """Whether any key or string in the parsed body holds a control character (walked
    without recursion: the parser's own depth limit is the only bound on nesting)."""
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if has_control(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False
