from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dispatch.models import Assignment
from workers.models import Sanction

RATINGS = [("", "—"), *[(str(n), str(n)) for n in range(1, 6)]]


class CompleteForm(forms.Form):
    hours_worked = forms.DecimalField(
        label=_("Hours worked"), max_digits=4, decimal_places=1, min_value=0
    )
    amount_paid = forms.DecimalField(
        label=_("Pay ($)"),
        max_digits=10,
        decimal_places=2,
        required=False,
        help_text=_("Empty: wage × hours."),
    )
    pay_note = forms.CharField(label=_("Why the pay differs"), max_length=255, required=False)
    paid_status = forms.ChoiceField(label=_("Paid"), choices=Assignment.PaidStatus.choices)


class RateForm(forms.Form):
    worker_rating = forms.ChoiceField(
        label=_("Employer's rating of the worker"), choices=RATINGS, required=False
    )
    worker_rating_comment = forms.CharField(label=_("Comment"), max_length=300, required=False)
    employer_rating = forms.ChoiceField(
        label=_("Worker's rating of the employer"), choices=RATINGS, required=False
    )
    employer_rating_comment = forms.CharField(label=_("Comment"), max_length=300, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Sanction.Kind.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300)
    suspend_days = forms.IntegerField(
        label=_("Suspend now for (days)"),
        min_value=1,
        max_value=365,
        required=False,
        help_text=_("Empty: the center's strike rule decides."),
    )
