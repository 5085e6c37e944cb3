"""Forms of the alerts page: a subscription, and the board pack's e-mail schedule."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .compare import ABOVE
from .models import Direction, ThresholdFigure
from .selectors import alert_areas, alert_measures


class SubscriptionForm(forms.Form):
    measure = forms.ChoiceField(label=_("Measure"))
    area = forms.ChoiceField(label=_("Area"))
    significance = forms.BooleanField(
        label=_("When a 12-month or two-year change becomes statistically significant, or stops"),
        required=False,
        initial=True,
    )
    new_data = forms.BooleanField(
        label=_("When a new month of its data arrives"), required=False, initial=True
    )
    threshold_figure = forms.ChoiceField(
        label=_("And when this figure"),
        choices=[("", _("(no threshold)")), *ThresholdFigure.choices],
        required=False,
    )
    threshold_direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, initial=ABOVE
    )
    threshold_value = forms.FloatField(label=_("Threshold"), required=False)
    threshold_reset = forms.FloatField(
        label=_("Reset once it is back past"),
        required=False,
        help_text=_(
            "So a figure that hovers at the line does not alert every month. Leave empty for "
            "10% back from the threshold."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = {a.code: a for a in alert_areas()}
        cast(forms.ChoiceField, self.fields["measure"]).choices = alert_measures()
        cast(forms.ChoiceField, self.fields["area"]).choices = [
            (code, a.name) for code, a in self.areas.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        figure, value = data.get("threshold_figure"), data.get("threshold_value")
        reset, direction = data.get("threshold_reset"), data.get("threshold_direction")
        if figure and value is None:
            self.add_error("threshold_value", _("Give the threshold, or choose no threshold."))
        if not figure:
            data["threshold_value"] = data["threshold_reset"] = None
        elif value is not None and reset is not None:
            if direction == ABOVE and reset >= value:
                self.add_error("threshold_reset", _("For “goes above”, reset below the threshold."))
            if direction != ABOVE and reset <= value:
                self.add_error("threshold_reset", _("For “goes below”, reset above the threshold."))
        if not (data.get("significance") or data.get("new_data") or figure):
            raise forms.ValidationError(_("Choose at least one thing to be told about."))
        return data


class BoardPackScheduleForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("E-mail the board pack to board members before each board meeting"),
        required=False,
    )
    days_before = forms.IntegerField(
        label=_("Days before the meeting"), min_value=1, max_value=28, initial=3
    )
