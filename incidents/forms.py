from django import forms
from django.utils.translation import gettext_lazy as _

from .formats import FORMATS
from .months import MONTH_PATTERN, parse_month, stated_period


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files at once (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".csv,text/csv,.zip,application/zip"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):  # noqa: ANN001
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(  # type: ignore[assignment]  # a field, not Form.files
        label=_("Files"),
        help_text=_(
            "One or more CSV files, or a data.police.uk archive (.zip of monthly street "
            "files). Each file becomes its own import with its own report."
        ),
    )
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("auto", _("Work it out from the header"))]
        + [(slug, f.label) for slug, f in FORMATS.items()],
        initial="auto",
    )
    store_valid_rows = forms.BooleanField(
        required=False,
        label=_("Store the valid rows and reject the rest"),
        help_text=_("Otherwise a file with any problem row is not imported at all."),
    )

    covers_from = forms.RegexField(
        regex=MONTH_PATTERN,
        required=False,
        label=_("Covers from (month)"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
        error_messages={"invalid": _("Write the month as YYYY-MM.")},
    )
    covers_to = forms.RegexField(
        regex=MONTH_PATTERN,
        required=False,
        label=_("Covers to (month)"),
        help_text=_(
            "Partnership files: the months the file covers, so a month in it without "
            "incidents counts as none. Leave empty and only the months with rows are covered."
        ),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
        error_messages={"invalid": _("Write the month as YYYY-MM.")},
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        start = parse_month(data.get("covers_from") or "")
        end = parse_month(data.get("covers_to") or "")
        try:
            data["period"] = stated_period(start, end)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return data
