from django import forms

from .formats import FORMATS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files at once (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):  # noqa: ANN002, ANN003
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,text/csv"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):  # noqa: ANN001
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text="One or more CSV files. Each becomes its own import with its own report.",
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[("auto", "Work it out from the header")]
        + [(slug, f.label) for slug, f in FORMATS.items()],
        initial="auto",
    )
    store_valid_rows = forms.BooleanField(
        required=False,
        label="Store the valid rows and reject the rest",
        help_text="Otherwise a file with any problem row is not imported at all.",
    )
