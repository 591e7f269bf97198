from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.forms import IsoDateInput, IsoTimeInput
from centers.models import Center
from centers.money import money_text
from employers import rules
from employers.models import Employer, Job
from workers.models import Skill


class EmployerForm(forms.Form):
    name = forms.CharField(
        label=_("Contact name"), max_length=120, widget=forms.TextInput(attrs={"autofocus": True})
    )
    business_name = forms.CharField(label=_("Business name"), max_length=120, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Employer.Kind.choices)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Street address"), max_length=255, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    state = forms.CharField(label=_("State"), max_length=30, required=False, initial="CA")
    postal_code = forms.CharField(label=_("ZIP code"), max_length=10, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    blocked = forms.BooleanField(label=_("Blocked"), required=False)
    blocked_reason = forms.CharField(label=_("Why blocked"), max_length=255, required=False)
    preferred_language = forms.ChoiceField(
        label=_("Language"),
        # Empty: whatever the center's language is (an edit keeps it so).
        choices=[("", _("The center's language")), *Center.Language.choices],
        required=False,
        help_text=_("For the employer's copy of the dispatch slip."),
    )

    @classmethod
    def for_center(cls, center: Center, data: Any = None) -> EmployerForm:
        return cls(data, initial={"preferred_language": center.default_language})

    @classmethod
    def for_employer(cls, employer: Employer, data: Any = None) -> EmployerForm:
        initial = {name: getattr(employer, name) for name in cls.base_fields}
        initial["phone"] = employer.phone.as_national if employer.phone else ""
        return cls(data, initial=initial)


class JobForm(forms.Form):
    """A job posting. The desk also picks the employer and how the job came in."""

    #: No max_length here: the browser would cut a long text silently; the service says
    #: how long it may be (``dispatch.rules.DESCRIPTION_MAX``).
    description = forms.CharField(
        label=_("What is the work?"),
        widget=forms.Textarea(attrs={"autofocus": True, "rows": 2}),
    )
    date = forms.DateField(label=_("Date"), widget=IsoDateInput())
    #: A job of several days, the same workers every day (docs/multiday.md).
    end_date = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=IsoDateInput(),
    )
    #: A weekly job: posted again each week on the same weekday until this date.
    repeat_until = forms.DateField(
        label=_("Repeat every week until"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("Leave empty for a job that does not repeat."),
    )
    start_time = forms.TimeField(label=_("Start time"), widget=IsoTimeInput())
    estimated_hours = forms.DecimalField(
        label=_("Estimated hours"),
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(
            attrs={"min": str(rules.HOURS_MIN), "max": str(rules.HOURS_MAX), "step": "0.5"}
        ),
    )
    hourly_wage = forms.DecimalField(
        label=_("Hourly wage ($)"), max_digits=6, decimal_places=2, min_value=Decimal("0")
    )
    #: Shown only when the wage asks for it (see ``__init__``).
    confirm_high_wage = forms.BooleanField(label=_("Yes, this wage is right"), required=False)
    workers_needed = forms.IntegerField(
        label=_("Workers needed"), min_value=1, max_value=50, initial=1
    )
    address = forms.CharField(label=_("Job address"), max_length=255)
    transport_provided = forms.BooleanField(label=_("Employer provides transport"), required=False)
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills needed"),
        queryset=Skill.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    requested_badges = forms.CharField(
        label=_("Requested workers (badge numbers)"),
        required=False,
        help_text=_("Separate badge numbers with spaces or commas."),
    )

    def __init__(self, *args: Any, center: Any, employers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built here, in the request's language (a lazy text with % at import is English).
        self.fields["description"].help_text = _("At most %(max)s characters.") % {
            "max": rules.DESCRIPTION_MAX
        }
        self.fields["end_date"].help_text = _(
            "Only for a job of several days with the same workers (at most %(max)s days)."
        ) % {"max": rules.DAYS_MAX}
        self.fields["estimated_hours"].help_text = _("From %(min)s to %(max)s hours a day.") % {
            "min": rules.HOURS_MIN,
            "max": rules.HOURS_MAX,
        }
        self.fields["hourly_wage"].help_text = _("At least %(floor)s an hour.") % {
            "floor": money_text(center.wage_floor)
        }
        self.fields["hourly_wage"].widget.attrs["min"] = str(center.wage_floor)
        self.fields["hourly_wage"].widget.attrs["max"] = str(rules.WAGE_MAX)
        if not self._asks_confirmation(center):
            del self.fields["confirm_high_wage"]
        if not center.allow_employer_requests:
            del self.fields["requested_badges"]
        if employers is not None:
            self.fields["description"].widget.attrs.pop("autofocus", None)
            self.fields = {
                "employer": forms.ModelChoiceField(
                    label=_("Employer"),
                    queryset=employers,
                    widget=forms.Select(attrs={"autofocus": True}),
                ),
                "source": forms.ChoiceField(
                    label=_("How it came in"),
                    choices=[
                        (Job.Source.DESK, Job.Source.DESK.label),
                        (Job.Source.PHONE, Job.Source.PHONE.label),
                    ],
                ),
                **self.fields,
            }

    def _asks_confirmation(self, center: Any) -> bool:
        """The box appears once a wage above the confirmation line is submitted."""
        if not self.is_bound:
            return False
        try:
            wage = Decimal(str(self.data.get(self.add_prefix("hourly_wage"), "")).strip())
        except (InvalidOperation, ValueError):
            return False
        return wage.is_finite() and wage > rules.high_wage_above(center.wage_floor)

    @classmethod
    def for_job(cls, job: Job, *, center: Any, data: Any = None) -> JobForm:
        initial = {name: getattr(job, name) for name in cls.base_fields if hasattr(job, name)}
        initial["skills"] = list(job.skills.all())
        initial["requested_badges"] = " ".join(str(w.badge) for w in job.requested_workers.all())
        form = cls(data, initial=initial, center=center)
        del form.fields["repeat_until"]  # a weekly job's occurrences are posted with it
        return form

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("employer", None)
        data.pop("source", None)
        data["skills"] = [skill.code for skill in data["skills"]]
        raw = data.pop("requested_badges", "") or ""
        data["requested_badges"] = raw.replace(",", " ").split()
        data["confirm_high_wage"] = bool(data.get("confirm_high_wage"))
        if data.get("repeat_until") is None:
            data.pop("repeat_until", None)
        return data
