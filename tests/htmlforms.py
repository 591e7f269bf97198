"""Read the forms of a rendered page as a browser would submit them, from the real HTML.

``page_forms(html)`` lists every ``<form>`` with its action, method and the values it would
post unchanged: inputs with their ``value`` as the browser keeps it (a date input holding
``01/12/2026`` is empty), checked checkboxes and radios,
the selected options of each select (the first one when none is selected, as a browser
does), textareas with their text. Buttons are left out; ``Form.submit_data(button=...)``
adds the one pressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

UNSENT_INPUTS = {"submit", "button", "reset", "image", "file"}

#: HTML's value sanitization: an input of these types holding anything else shows empty and
#: submits "" (https://html.spec.whatwg.org/#input-type-attr-summary).
VALID_VALUES = {
    "date": re.compile(r"\d{4,}-\d{2}-\d{2}"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "datetime-local": re.compile(r"\d{4,}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?"),
    "month": re.compile(r"\d{4,}-\d{2}"),
    "week": re.compile(r"\d{4,}-W\d{2}"),
    "number": re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?"),
    "range": re.compile(r"-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?"),
}


def sanitized(kind: str, value: str) -> str:
    """What a browser keeps of ``value`` in an ``<input type=kind>``."""
    if kind in {"text", "search", "tel", "password", "email", "url", "hidden"}:
        value = value.replace("\r", "").replace("\n", "")
        return value.strip() if kind in {"email", "url"} else value
    pattern = VALID_VALUES.get(kind)
    if pattern is not None and not pattern.fullmatch(value):
        return ""
    return value


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    #: The ``type`` of each input by name ("date", "time", "text", "select", ...).
    types: dict[str, str] = field(default_factory=dict)

    def names(self) -> set[str]:
        return {name for name, _value in self.fields}

    def value(self, name: str) -> str | None:
        return next((value for key, value in self.fields if key == name), None)

    def submit_data(self, button: str | None = None) -> dict[str, list[str]]:
        data: dict[str, list[str]] = {}
        for name, value in self.fields:
            data.setdefault(name, []).append(value)
        for name, value in self.buttons:
            if name and name == button:
                data.setdefault(name, []).append(value)
        return data


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: dict | None = None
        self.option: dict | None = None
        self.textarea: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: (value if value is not None else "") for key, value in attrs}
        if tag == "form":
            self.form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        name = a.get("name", "")
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in UNSENT_INPUTS:
                if kind == "submit":
                    self.form.buttons.append((name, a.get("value", "")))
                return
            if not name or "disabled" in a:
                return
            self.form.types.setdefault(name, kind)
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.form.fields.append((name, a.get("value", "on")))
            else:
                self.form.fields.append((name, sanitized(kind, a.get("value", ""))))
        elif tag == "button":
            if a.get("type", "submit").lower() == "submit":
                self.form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name and "disabled" not in a:
            self.form.types.setdefault(name, "select")
            self.select = {"name": name, "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}
            self.select["options"].append(self.option)
        elif tag == "textarea" and name and "disabled" not in a:
            self.form.types.setdefault(name, "textarea")
            self.textarea = {"name": name, "text": ""}

    def handle_data(self, data: str) -> None:
        if self.option is not None:
            self.option["text"] += data
        elif self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None and self.form is not None:
            options = self.select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not self.select["multiple"]:
                chosen = options[:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"].strip()
                self.form.fields.append((self.select["name"], value))
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            text = self.textarea["text"]
            # A browser drops the one newline right after <textarea>.
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self.form.fields.append((self.textarea["name"], text))
            self.textarea = None


def page_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def page_form(html: str, action: str) -> Form:
    """The one form of the page that posts to ``action`` (a path)."""
    found = [f for f in page_forms(html) if f.action == action]
    assert len(found) == 1, (
        f"{len(found)} forms post to {action}: {[f.action for f in page_forms(html)]}"
    )
    return found[0]
