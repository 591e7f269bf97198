from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.forms import IsoDateInput

from .models import Skill, Worker


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
    dues_paid_through = forms.DateField(
        label=_("Dues paid through"),
        required=False,
        widget=IsoDateInput(),
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
