"""The admins' audit page: the latest changes and security events, filtered by date and user."""

from __future__ import annotations

from datetime import UTC, datetime, time

from django import forms
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .selectors import audit_entries

PAGE_SIZE = 200


class AuditFilterForm(forms.Form):
    since = forms.DateField(
        required=False, label=_("From (date)"), widget=forms.DateInput(attrs={"type": "date"})
    )
    user = forms.CharField(required=False, label=_("Username"), max_length=150)
    log = forms.ChoiceField(
        required=False,
        label=_("Show"),
        choices=[
            ("", _("Changes and security events")),
            ("change", _("Changes only")),
            ("security", _("Security events only")),
        ],
    )


@require_GET
@permission_required("audit.view_securityevent", raise_exception=True)
def audit_log_page(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    since = filters.get("since")
    entries = audit_entries(
        since=datetime.combine(since, time.min, tzinfo=UTC) if since else None,
        username=filters.get("user") or None,
        limit=PAGE_SIZE,
    )
    if filters.get("log"):
        entries = [e for e in entries if e.log == filters["log"]]
    return render(
        request,
        "audit/log.html",
        {"form": form, "entries": entries, "page_size": PAGE_SIZE},
        status=400 if form.is_bound and form.errors else 200,
    )
