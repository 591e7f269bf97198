from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from centers.forms import IsoDateInput
from employers.models import Employer
from wages.models import ClaimEvent, WageClaim
from wages.services.claims import MANUAL_EVENT_KINDS

MONEY = {
    "max_digits": 10,
    "decimal_places": 2,
    "widget": forms.TextInput(attrs={"inputmode": "decimal"}),
}


class ClaimOpenForm(forms.Form):
    """A claim from scratch (not from a dispatched job): the worker by badge."""

    badge = forms.CharField(
        label=_("Worker's badge"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 12}),
        help_text=_("Type the badge number or scan the card."),
    )
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none())
    amount_owed = forms.DecimalField(label=_("Amount owed ($)"), **MONEY)
    work_start = forms.DateField(label=_("First day of work"), widget=IsoDateInput())
    work_end = forms.DateField(label=_("Last day of work"), widget=IsoDateInput(), required=False)
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: object, employers: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers


class ClaimFromJobForm(forms.Form):
    amount_owed = forms.DecimalField(label=_("Amount owed ($)"), **MONEY)
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ClaimEditForm(forms.Form):
    amount_owed = forms.DecimalField(label=_("Amount owed ($)"), **MONEY)
    work_start = forms.DateField(label=_("First day of work"), widget=IsoDateInput())
    work_end = forms.DateField(label=_("Last day of work"), widget=IsoDateInput())
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    note = forms.CharField(label=_("Note about the change"), required=False)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=WageClaim.Status.choices)
    note = forms.CharField(label=_("Note"), required=False)
    referred_to = forms.ChoiceField(
        label=_("Referred to"),
        choices=[("", "—"), *WageClaim.Referral.choices],
        required=False,
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount paid ($)"), **MONEY)
    note = forms.CharField(label=_("Note"), required=False)


class EventForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What happened"),
        choices=[(k, label) for k, label in ClaimEvent.Kind.choices if k in MANUAL_EVENT_KINDS],
    )
    note = forms.CharField(label=_("Details"), widget=forms.Textarea(attrs={"rows": 2}))
