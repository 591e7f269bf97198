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
from django.utils.translation import gettext_lazy as _

from .errors import ApplicationError
from .models import AssemblyDecision, Center, DisplayLink
from .services import OFFER_TIMEOUT_MAX, OFFER_TIMEOUT_MIN, WAGE_FLOOR_MAX

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


def form_error(form: forms.Form, exc: ApplicationError) -> None:
    """Show a service's refusal on the form field it names (or on the whole form)."""
    form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))


def _time_field(label: str) -> forms.TimeField:
    # ISO 24-hour times whatever the language (the browser shows its own time picker).
    return forms.TimeField(
        label=label,
        input_formats=[ISO_TIME, "%H:%M:%S"],
        widget=IsoTimeInput(),
    )


class CenterSettingsForm(forms.Form):
    """The center admin's settings page; the rules live in ``center_settings_check``."""

    wage_floor = forms.DecimalField(
        label=_("Wage floor ($ per hour)"),
        max_digits=6,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "max": WAGE_FLOOR_MAX}),
        help_text=_("No job can be posted below it."),
    )
    signin_opens = _time_field(_("Sign-in opens"))
    lottery_cutoff = _time_field(_("Lottery cutoff"))
    lottery_mode = forms.ChoiceField(label=_("Lottery mode"), choices=Center.LotteryMode.choices)
    offer_timeout_minutes = forms.IntegerField(
        label=_("Minutes to answer an SMS offer"),
        widget=forms.NumberInput(attrs={"min": OFFER_TIMEOUT_MIN, "max": OFFER_TIMEOUT_MAX}),
    )
    one_job_per_day = forms.BooleanField(label=_("One job per worker per day"), required=False)
    decline_policy = forms.ChoiceField(
        label=_("When a worker declines"), choices=Center.DeclinePolicy.choices
    )
    sms_name = forms.CharField(
        label=Center._meta.get_field("sms_name").verbose_name,
        max_length=Center._meta.get_field("sms_name").max_length,
        required=False,
        help_text=Center._meta.get_field("sms_name").help_text,
    )
    demographics_enabled = forms.BooleanField(
        label=_("Ask workers for voluntary demographics"),
        required=False,
        help_text=_(
            "Gender, age group, race or ethnicity, each optional, for the funder report's "
            "counts; never shown at the desk or used to dispatch."
        ),
    )
    orientation_required = forms.BooleanField(
        label=_("Orientation required before a worker's first job"),
        required=False,
        help_text=_("Dispatch skips a worker who has never had a job and has no orientation."),
    )

    @classmethod
    def for_center(cls, center: Center, data: object = None) -> CenterSettingsForm:
        initial = {name: getattr(center, name) for name in cls.base_fields}
        return cls(data, initial=initial)


class DisplayLinkForm(forms.Form):
    label = forms.CharField(
        label=_("Label"),
        max_length=DisplayLink.LABEL_MAX,
        help_text=_("Where the screen is, e.g. “Lobby TV”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def _decision_value_field(setting: str) -> forms.Field:
    """The input for the new value of the setting an assembly decides on."""
    Setting = AssemblyDecision.Setting
    if setting == Setting.LOTTERY_MODE:
        return forms.ChoiceField(label=_("New lottery mode"), choices=Center.LotteryMode.choices)
    if setting == Setting.OFFER_TIMEOUT:
        return forms.IntegerField(
            label=_("New minutes to answer an SMS offer"),
            widget=forms.NumberInput(attrs={"min": OFFER_TIMEOUT_MIN, "max": OFFER_TIMEOUT_MAX}),
        )
    label = _("New wage floor ($ per hour)") if setting == Setting.WAGE_FLOOR else _("New dues ($)")
    return forms.DecimalField(
        label=label,
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
    )


class DecisionForm(forms.Form):
    """What an assembly decided about one setting; the rules live in ``decision_record``."""

    value = forms.CharField()  # replaced by the setting's own input in __init__
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, initial=0)
    assembly_date = forms.DateField(label=_("Date of the assembly"), widget=IsoDateInput())
    effective_date = forms.DateField(
        label=_("Takes effect on"),
        widget=IsoDateInput(),
        help_text=_("The setting changes by itself at the start of that day."),
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, setting: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setting = setting
        self.fields["value"] = _decision_value_field(setting)
