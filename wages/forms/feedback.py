"""The employer's rating of a worker (portal)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
QUALITY = [(str(n), str(n)) for n in range(5, 0, -1)]


class WorkerRatingForm(forms.Form):
    on_time = forms.ChoiceField(label=_("Came on time"), choices=YES_NO, widget=forms.RadioSelect)
    quality = forms.ChoiceField(
        label=_("Quality of the work (5 = very good)"),
        choices=QUALITY,
        widget=forms.RadioSelect,
    )
    would_hire_again = forms.ChoiceField(
        label=_("Would hire again"), choices=YES_NO, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @classmethod
    def for_rating(cls, rating: Any, data: Any = None) -> WorkerRatingForm:
        if rating is None:
            return cls(data)
        initial = {
            "on_time": "yes" if rating.on_time else "no",
            "quality": str(rating.quality),
            "would_hire_again": "yes" if rating.would_hire_again else "no",
            "comment": rating.comment,
        }
        return cls(data, initial=initial)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "on_time": data["on_time"] == "yes",
            "quality": int(data["quality"]),
            "would_hire_again": data["would_hire_again"] == "yes",
            "comment": data["comment"],
        }
