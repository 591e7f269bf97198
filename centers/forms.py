"""Form pieces shared by every app.

HTML date and time inputs (``<input type="date">``, ``<input type="time">``) only show and
send ISO values (``2026-12-01``, ``07:30``), whatever the page's language: the browser
displays them in the user's own format. Django's date widgets render the active language's
first input format (``01/12/2026`` in Spanish), which such an input cannot show: the field
looks empty and saving the form writes the empty value back. Every date or time field of a
page uses these widgets (a test holds every form to it); parsing accepts ISO in every language.
"""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_TIME = "%H:%M"


class IsoDateInput(forms.DateInput):
    """``<input type="date">`` that always exchanges ``YYYY-MM-DD``."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_DATE)


class IsoTimeInput(forms.TimeInput):
    """``<input type="time">`` that always exchanges ``HH:MM``."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=ISO_TIME)
