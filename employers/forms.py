from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from centers.forms import IsoDateInput, IsoTimeInput
from centers.models import Center
from centers.money import money_text
from employers import rules
from employers.models import Employer, Job, WorkerDecline
from workers.models import EnglishLevel, Skill, Training


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
    transport_provided = forms.BooleanField(
        label=_("Employer drives the workers"),
        required=False,
        help_text=_("Then say where and when they are picked up."),
    )
    pickup_place = forms.CharField(
        label=_("Pickup point"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. the center's door")}),
    )
    pickup_time = forms.TimeField(label=_("Pickup time"), required=False, widget=IsoTimeInput())
    meeting_place = forms.CharField(
        label=_("Where to meet"),
        max_length=120,
        required=False,
        help_text=_("If the workers go on their own. Empty: at the job address."),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills needed"),
        queryset=Skill.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    required_trainings = forms.ModelMultipleChoiceField(
        label=_("Certificates required"),
        queryset=Training.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only workers holding them are sent. A skill may require one too."),
    )
    min_english_level = forms.TypedChoiceField(
        label=_("Minimum English level"),
        choices=EnglishLevel.choices,
        coerce=int,
        empty_value=EnglishLevel.NONE,
        required=False,
        initial=EnglishLevel.NONE,
    )
    requested_badges = forms.CharField(
        label=_("Requested workers (badge numbers)"),
        required=False,
        help_text=_("Separate badge numbers with spaces or commas."),
    )

    def __init__(
        self,
        *args: Any,
        center: Any,
        employers: Any = None,
        past_workers: Any = None,
        **kwargs: Any,
    ) -> None:
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
        elif past_workers is not None:
            # The portal: ask again by name for a worker the employer has had.
            del self.fields["requested_badges"]
            if past_workers:
                self.fields["requested_workers"] = forms.MultipleChoiceField(
                    label=_("Ask again for"),
                    choices=[(str(w.badge), f"{w.known_as} (#{w.badge})") for w in past_workers],
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_(
                        "The center sends them first if they signed in today and its rules "
                        "allow it; otherwise the next workers in line."
                    ),
                )
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
        initial["required_trainings"] = list(job.required_trainings.all())
        initial["requested_badges"] = " ".join(str(w.badge) for w in job.requested_workers.all())
        form = cls(data, initial=initial, center=center)
        del form.fields["repeat_until"]  # a weekly job's occurrences are posted with it
        return form

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("employer", None)
        data.pop("source", None)
        data["skills"] = [skill.code for skill in data["skills"]]
        data["required_trainings"] = [t.code for t in data.get("required_trainings") or ()]
        raw = data.pop("requested_badges", "") or ""
        data["requested_badges"] = raw.replace(",", " ").split()
        data["requested_badges"] += data.pop("requested_workers", None) or []
        data["confirm_high_wage"] = bool(data.get("confirm_high_wage"))
        if data.get("repeat_until") is None:
            data.pop("repeat_until", None)
        return data


def skill_choices() -> list[tuple[str, str]]:
    """(code, name in the active language) of every skill, for a choice of kind of work."""
    return [(skill.code, skill.name) for skill in Skill.objects.all()]


class KindFloorForm(forms.Form):
    """A wage floor and minimum hours for one kind of work from a date on."""

    skill = forms.ChoiceField(label=_("Kind of work"))
    starts_on = forms.DateField(label=_("In force from"), widget=IsoDateInput())
    wage_floor = forms.DecimalField(
        label=_("Wage floor ($ per hour)"),
        max_digits=6,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01"}),
        help_text=_("Empty: the center's floor."),
    )
    min_hours = forms.DecimalField(
        label=_("Minimum hours"),
        max_digits=4,
        decimal_places=1,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0.5"}),
        help_text=_("Empty: no minimum."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", "—"), *skill_choices()]


class SignupForm(forms.Form):
    """An employer signs up in the portal. ``started`` (the signed time the form was shown)
    and ``website`` (a field hidden from people) are the bot defence of
    ``employers.signup.form_check``."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "name"}),
    )
    business_name = forms.CharField(
        label=_("Business name"),
        max_length=120,
        required=False,
        help_text=_("If you hire for a business."),
    )
    kind = forms.ChoiceField(label=_("You are"), choices=Employer.Kind.choices)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only numbers."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Center.Language.choices)
    verify_by = forms.ChoiceField(
        label=_("Confirm my account by"),
        choices=[("email", _("A link by email")), ("sms", _("A code by text message"))],
        widget=forms.RadioSelect,
        initial="email",
    )
    notify_by_sms = forms.BooleanField(
        label=_("Also tell me by text who is coming"),
        required=False,
        help_text=_("You always get an email."),
    )
    accept_terms = forms.BooleanField(label=_("I accept the center's terms"))
    terms_version = forms.IntegerField(widget=forms.HiddenInput)
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    #: Not shown in the form's grid (the page places them).
    HIDDEN_FIELDS = ("terms_version", "started", "website", "accept_terms")

    def visible(self) -> list[Any]:
        return [self[name] for name in self.fields if name not in self.HIDDEN_FIELDS]

    def clean_password(self) -> str:
        """The password rules are checked with the other fields, so one round shows every
        mistake (the service checks again, against the new account's name and email)."""
        password = self.cleaned_data["password"]
        validate_password(password)
        return password

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        for name in ("accept_terms", "started", "website"):
            data.pop(name, None)
        return data


class PhoneCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the text message"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )


class TermsForm(forms.Form):
    """A center admin writes the terms employers accept; a change makes a new version."""

    text_es = forms.CharField(
        label=_("Terms in Spanish"), widget=forms.Textarea(attrs={"rows": 10, "lang": "es"})
    )
    text_en = forms.CharField(
        label=_("Terms in English"), widget=forms.Textarea(attrs={"rows": 10, "lang": "en"})
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(label=_("Why refused"), max_length=255, required=False)


class DeclineForm(forms.Form):
    """The employer asks not to be sent a worker again (the center reviews it)."""

    reason = forms.ChoiceField(
        label=_("Why"), choices=WorkerDecline.Reason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What happened, in your words"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DeclineReviewForm(forms.Form):
    """The center's review of a decline: accept or refuse, what it finds, and why."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    ground = forms.ChoiceField(
        label=_("The center finds the reason to be"),
        choices=[("", "—"), *WorkerDecline.Ground.choices],
        help_text=_(
            "A decline for who the worker is (origin, language, age, sex, race, "
            "religion, disability…) is discrimination and is always refused."
        ),
    )
    review_note = forms.CharField(label=_("Note"), max_length=500, required=False)
