"""Forms of the coordinators' workspace. They check what a form can see; the rules about
changes (a note for at risk or off track, a reason for a due date move) are the services'."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .measures import measure_names
from .models import Action, ActionStatus, Milestone, PartnerOrganisation, Priority, Strategy
from .selectors import place_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices, label=_("Status"))
    progress = forms.IntegerField(min_value=0, max_value=100, label=_("Progress (%)"))
    note = forms.CharField(
        required=False,
        label=_("Progress note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What happened since the last update. Needed when the action is at risk or off track."
        ),
    )


class ActionForm(forms.ModelForm):
    """Create or edit an action. A new due date needs a reason (kept in the history)."""

    measures = forms.MultipleChoiceField(
        required=False, label=_("Measures it should move"), widget=forms.CheckboxSelectMultiple
    )
    places = forms.MultipleChoiceField(
        required=False,
        label=_("Places it targets"),
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_(
            "Wards or neighbourhoods (LSOAs): the action's page then shows whether they are "
            "still hot spots. Hold Ctrl (or ⌘) to choose more than one."
        ),
    )
    evidence_links = forms.CharField(
        required=False,
        label=_("Evidence links"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: a title, a vertical bar, then the address, e.g. "
            "“Board minutes | https://…”."
        ),
    )
    reason = forms.CharField(
        required=False,
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the due date moves; kept in the action's history."),
    )

    class Meta:
        model = Action
        fields = [
            "reference",
            "priority",
            "title",
            "description",
            "lead_partner",
            "supporting_partners",
            "owner",
            "owner_email",
            "starts_on",
            "due_on",
            "measures",
            "places",
        ]
        labels = {
            "reference": _("Reference"),
            "priority": _("Priority"),
            "title": _("Title"),
            "description": _("Description"),
            "lead_partner": _("Lead partner"),
            "supporting_partners": _("Supporting partners"),
            "owner": _("Owner"),
            "owner_email": _("Owner's email"),
            "starts_on": _("Starts on"),
            "due_on": _("Due on"),
        }
        widgets = {
            "starts_on": DATE,
            "due_on": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "supporting_partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, strategy: Strategy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        if self.instance.pk and not self.is_bound:
            self.initial["evidence_links"] = "\n".join(
                f"{e.get('title', '')} | {e.get('url', '')}" for e in self.instance.evidence
            )
        priority = cast(forms.ModelChoiceField, self.fields["priority"])
        priority.queryset = Priority.objects.filter(strategy=strategy)
        measures = cast(forms.MultipleChoiceField, self.fields["measures"])
        names = measure_names()
        measures.choices = [(slug, names[slug]) for slug in sorted(names, key=names.__getitem__)]
        places = cast(forms.MultipleChoiceField, self.fields["places"])
        places.choices = [
            (
                ward_name,
                [(ward_code, _("%(ward)s (whole ward)") % {"ward": ward_name})]
                + [(code, f"{name} ({code})") for code, name in lsoas],
            )
            for ward_code, ward_name, lsoas in place_choices(
                partnership_code=settings.PARTNERSHIP_AREA_CODE
            )
        ]

    def clean_evidence_links(self) -> list[dict[str, str]]:
        links = []
        validate = URLValidator(schemes=["http", "https"])
        for number, line in enumerate(self.cleaned_data["evidence_links"].splitlines(), 1):
            if not line.strip():
                continue
            title, _bar, url = line.rpartition("|") if "|" in line else ("", "", line)
            try:
                validate(url.strip())
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Line %(number)s: “%(url)s” is not a web address (http or https).")
                    % {"number": number, "url": url.strip()}
                ) from None
            links.append({"title": title.strip() or url.strip(), "url": url.strip()})
        return links

    def clean_reference(self) -> str:
        reference = self.cleaned_data["reference"].strip()
        taken = Action.objects.filter(priority__strategy=self.strategy, reference=reference)
        if reference and taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("%(reference)s is already an action in this strategy.") % {"reference": reference}
            )
        return reference


class PartnerForm(forms.ModelForm):
    class Meta:
        model = PartnerOrganisation
        fields = ["name", "sector", "specified_authority", "contact_name", "contact_email"]
        labels = {
            "name": _("Name"),
            "sector": _("Sector"),
            "specified_authority": _("A specified authority under the Serious Violence Duty"),
            "contact_name": _("Contact name"),
            "contact_email": _("Contact email"),
        }


class PriorityForm(forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["title", "description"]
        labels = {"title": _("Title"), "description": _("Description")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = ["title", "description", "starts_on", "ends_on", "next_board_on", "is_current"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "next_board_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "starts_on": _("Starts on"),
            "ends_on": _("Ends on"),
            "next_board_on": _("Next board meeting"),
            "is_current": _("This is the current strategy (the one the board follows)"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise forms.ValidationError(_("The strategy ends before it starts."))
        return data


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date of the board meeting"), widget=DATE)


class BoardFilterForm(forms.Form):
    """The strategy board's filters, from the URL: anything not allowed is ignored."""

    priority = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    partner = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        required=False, choices=[("", _("Any status")), *ActionStatus.choices]
    )
    owner = forms.ChoiceField(required=False)
    overdue = forms.BooleanField(required=False, label=_("Overdue only"))

    def __init__(self, data: Any, *, strategy: Strategy, owners: list[str]) -> None:
        super().__init__(data)
        choices: dict[str, list[tuple[Any, Any]]] = {
            "priority": [("", _("Any priority"))]
            + [(p.pk, p.title) for p in strategy.priorities.all()],
            "partner": [("", _("Any partner"))]
            + [(p.pk, p.name) for p in PartnerOrganisation.objects.all()],
            "owner": [("", _("Any owner"))] + [(o, o) for o in owners],
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = options


class PlanUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Action plan (CSV or .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    dry_run = forms.BooleanField(
        required=False, initial=True, label=_("Dry run: show what would change, store nothing")
    )


MilestoneFormSet: type[forms.BaseInlineFormSet[Milestone, Action, Any]] = (
    forms.inlineformset_factory(
        Action,
        Milestone,
        fields=["title", "due_on", "done"],
        extra=2,
        can_delete=True,
        widgets={"due_on": DATE},
        # Lazy, so each reader gets their language (the stubs type labels as plain str).
        labels=cast(
            dict[str, str], {"title": _("Milestone"), "due_on": _("Due on"), "done": _("Done")}
        ),
    )
)
