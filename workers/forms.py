from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.forms import IsoDateInput, IsoTimeInput

from .models import Activity, Demographics, DuesPayment, EnglishLevel, Skill, Training, Worker


class WorkerForm(forms.Form):
    """The desk's registration form: name, phone, language and skills first, the rest after."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )
    known_as = forms.CharField(
        label=_("Known as"),
        max_length=60,
        required=False,
        help_text=_("What they like to be called. Empty: the first name."),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("SMS language"), choices=Worker.Language.choices, initial=Worker.Language.SPANISH
    )
    contact_preference = forms.ChoiceField(
        label=_("Job offers by"),
        choices=Worker.Contact.choices,
        initial=Worker.Contact.SMS,
        required=False,  # a form without it (an older page, a script) keeps texts
        help_text=_("A phone call reads the offer aloud; the worker answers with a key."),
    )
    voice_language = forms.CharField(
        label=_("Call language"),
        max_length=20,
        required=False,
        help_text=_(
            "The language of the recorded prompts for calls, for example mixteco. "
            "Empty: the SMS language."
        ),
    )
    other_languages = forms.CharField(
        label=_("Other languages spoken"),
        max_length=120,
        required=False,
        help_text=_("For example: Mixteco, Zapoteco, K'iche'."),
    )
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"),
        queryset=Skill.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    english_level = forms.TypedChoiceField(
        label=_("English level"),
        choices=EnglishLevel.choices,
        coerce=int,
        empty_value=EnglishLevel.NONE,
        required=False,
        initial=EnglishLevel.NONE,
    )
    sms_consent = forms.BooleanField(
        label=_("Agrees to receive job offers by SMS"),
        required=False,
        help_text=_(
            "Read the consent text to the worker in their language: the center will text job "
            "offers; they can answer STOP or ALTO at any time."
        ),
    )
    sms_consent_method = forms.ChoiceField(
        label=_("How consent was given"),
        choices=Worker.ConsentMethod.choices,
        initial=Worker.ConsentMethod.VERBAL,
        required=False,
    )
    sms_consent_language = forms.ChoiceField(
        label=_("Consent language"),
        choices=[("", _("Same as SMS language")), *Worker.Language.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Membership status"), choices=Worker.Status.choices, initial=Worker.Status.ACTIVE
    )
    suspended_until = forms.DateField(
        label=_("Suspended until"),
        required=False,
        widget=IsoDateInput(),
    )
    suspension_reason = forms.CharField(
        label=_("Suspension reason"), max_length=200, required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    @classmethod
    def for_worker(cls, worker: Worker, data: Any = None) -> WorkerForm:
        initial = {name: getattr(worker, name) for name in cls.base_fields if hasattr(worker, name)}
        initial["phone"] = worker.phone.as_national if worker.phone else ""
        initial["skills"] = list(worker.skills.all())
        initial["sms_consent"] = worker.sms_consent_at is not None
        return cls(data, initial=initial)

    def clean_contact_preference(self) -> str:
        return self.cleaned_data.get("contact_preference") or Worker.Contact.SMS

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["skills"] = [skill.code for skill in data["skills"]]
        return data


class ActivityForm(forms.Form):
    """An activity the center schedules; the rules live in ``workers.activities``."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Activity.Kind.choices,
        widget=forms.Select(attrs={"autofocus": True}),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=120,
        required=False,
        help_text=_("For example: OSHA-10, ESL level 1. Empty: the kind."),
    )
    date = forms.DateField(label=_("Date"), widget=IsoDateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=IsoTimeInput())
    hours = forms.DecimalField(
        label=_("Duration (hours)"),
        max_digits=4,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"min": "0.5", "max": "99.9", "step": "0.5"}),
    )
    place = forms.CharField(label=_("Place"), max_length=160, required=False)
    capacity = forms.IntegerField(
        label=_("Capacity"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("Empty: no limit."),
    )
    training = forms.ModelChoiceField(
        label=_("Certificate issued"),
        queryset=Training.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("No certificate"),
        help_text=_(
            "Those who attend all of it get this certificate when the activity is marked "
            "complete. An orientation issues the orientation certificate."
        ),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @classmethod
    def for_activity(cls, activity: Activity, data: Any = None) -> ActivityForm:
        initial = {name: getattr(activity, name) for name in cls.base_fields}
        return cls(data, initial=initial)

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["training"] = data["training"].code if data["training"] else ""
        return data


class DemographicsForm(forms.Form):
    """What the worker chose to tell; every answer starts as "prefer not to say"."""

    gender = forms.ChoiceField(label=_("Gender"), choices=Demographics.Gender.choices)
    age_group = forms.ChoiceField(label=_("Age group"), choices=Demographics.AgeGroup.choices)
    ethnicity = forms.ChoiceField(
        label=_("Race or ethnicity"), choices=Demographics.Ethnicity.choices
    )

    @classmethod
    def for_worker(cls, worker: Worker, data: Any = None) -> DemographicsForm:
        row = Demographics.objects.filter(worker=worker).first() or Demographics()
        return cls(data, initial={name: getattr(row, name) for name in cls.base_fields})


class DuesPaymentForm(forms.Form):
    """Dues taken at the desk; the rules live in ``workers.membership.dues_payment_record``."""

    amount = forms.DecimalField(
        label=_("Amount ($)"),
        max_digits=8,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
    )
    period_from = forms.DateField(label=_("Covers from"), widget=IsoDateInput())
    period_to = forms.DateField(label=_("Covers through"), widget=IsoDateInput())
    method = forms.ChoiceField(
        label=_("Paid by"), choices=DuesPayment.Method.choices, initial=DuesPayment.Method.CASH
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PhotoForm(forms.Form):
    """A photo from the desk's camera (put in the file field by ``photo.js``) or a file."""

    photo = forms.FileField(
        label=_("Photo file"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_consent = forms.BooleanField(
        label=_("The worker agrees to a photo on their ID card"),
        required=False,
        help_text=_(
            "Ask in their language. The photo is only seen by the center's staff and is "
            "deleted when they withdraw consent."
        ),
    )
