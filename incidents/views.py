"""Import pages for analysts: upload, history, a batch's live progress and its report."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .coverage_calendar import coverage_calendars, policeuk_published
from .exports import csv_response
from .forms import UploadForm
from .models import ImportBatch, Source
from .policeuk.selectors import policeuk_published_months
from .population import population_load_file
from .selectors import (
    import_archive_members,
    import_batch_errors,
    import_batch_summary,
    import_batches_queued,
    import_batches_recent,
    source_coverage,
)
from .services import (
    QUEUE_DOWN,
    import_batch_create,
    import_batch_enqueue,
    import_batch_retry,
)


@require_http_methods(["GET", "POST"])
@permission_required("incidents.view_importbatch", raise_exception=True)
def import_list(request: HttpRequest) -> HttpResponse:
    can_upload = request.user.has_perm("incidents.add_importbatch")
    form = UploadForm(request.POST or None, request.FILES or None)
    refusal = ""
    if request.method == "POST":
        if not can_upload:
            return HttpResponse(gettext("You may not upload incident files."), status=403)
        if getattr(request, "upload_too_large", False):
            form, refusal = (
                UploadForm(),
                gettext(
                    "The file is larger than the %(limit)s MB an upload may be: split it (a month "
                    "a file) and upload the parts."
                )
                % {"limit": number_format(settings.MAX_UPLOAD_MB, force_grouping=True)},
            )
        elif form.is_valid():
            with transaction.atomic():
                batches = [
                    import_batch_create(
                        upload=upload,
                        uploaded_by=request.user,
                        requested_format=form.cleaned_data["format"],
                        store_valid_rows=form.cleaned_data["store_valid_rows"],
                        period=form.cleaned_data["period"],
                    )
                    for upload in form.cleaned_data["files"]
                ]
                for batch in batches:
                    import_batch_enqueue(batch)
            names = ", ".join(b.file_name for b in batches)
            queued = import_batches_queued(batch_ids=[b.pk for b in batches])
            if queued == len(batches):
                messages.success(
                    request,
                    gettext("Uploaded %(names)s. The import runs in the background.")
                    % {"names": names},
                )
            else:
                uploaded = gettext("Uploaded %(names)s.") % {"names": names}
                messages.warning(request, f"{uploaded} {gettext(QUEUE_DOWN)}")
            if len(batches) == 1:
                return redirect("incidents:import-detail", batch_id=batches[0].pk)
            return redirect("incidents:import-list")
    return render(
        request,
        "incidents/import_list.html",
        {
            "form": form,
            "batches": import_batches_recent(),
            "can_upload": can_upload,
            "refusal": refusal,
        },
    )


@require_GET
@permission_required("incidents.view_importbatch", raise_exception=True)
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch.objects.select_related("uploaded_by"), pk=batch_id)
    errors = import_batch_errors(batch=batch, limit=200)
    members = import_archive_members(archive=batch) if batch.is_archive else None
    return render(
        request,
        "incidents/import_detail.html",
        {"batch": batch, "errors": errors, "members": members},
    )


@require_GET
@permission_required("incidents.view_importbatch", raise_exception=True)
def import_status(request: HttpRequest, batch_id: int) -> JsonResponse:
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    summary = import_batch_summary(batch=batch, error_limit=0)
    summary["finished"] = batch.is_finished
    return JsonResponse(summary)


@require_GET
@permission_required("incidents.view_importbatch", raise_exception=True)
def import_errors_csv(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    rows = (
        (e.line, e.column, e.reason, e.value)
        for e in import_batch_errors(batch=batch).iterator(chunk_size=2000)
    )
    stem = batch.file_name.rsplit(".", 1)[0]
    return csv_response(f"{stem}-problems.csv", ["line", "column", "reason", "value"], rows)


@require_POST
@permission_required("incidents.change_importbatch", raise_exception=True)
def import_retry(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=batch_id)
    if import_batch_retry(batch_id=batch.pk):
        messages.success(
            request, gettext("%(file)s is queued to import again.") % {"file": batch.file_name}
        )
    else:
        messages.error(
            request, gettext("Only a failed import, or one whose worker stopped, can be retried.")
        )
    return redirect("incidents:import-detail", batch_id=batch.pk)


TEMPLATE_FILES = {
    "partnership-incident-template.csv": "The partnership incident template, with worked rows",
    "hospital-istv-example.csv": "An example hospital A&E (ISTV) extract",
}
TEMPLATE_DIR = Path(__file__).resolve().parent / "templates_data"


@require_GET
@permission_required("incidents.view_importbatch", raise_exception=True)
def template_download(request: HttpRequest, name: str) -> FileResponse:
    if name not in TEMPLATE_FILES:
        raise Http404("No such template")
    return FileResponse(open(TEMPLATE_DIR / name, "rb"), as_attachment=True, filename=name)  # noqa: SIM115


@require_GET
@permission_required("incidents.view_incident", raise_exception=True)
def coverage(request: HttpRequest) -> HttpResponse:
    """Data coverage per source and scope as calendars (a row a year, a column a month), for
    analysts; police.uk months published but not held are marked as such."""
    force_name, published = policeuk_published_months()
    calendars = coverage_calendars(
        source_coverage(), published=policeuk_published(force_name, published)
    )
    labels = dict(Source.choices)
    for calendar in calendars:
        calendar.source = labels.get(calendar.source, calendar.source)
    return render(request, "incidents/coverage.html", {"calendars": calendars})


@require_POST
@permission_required("incidents.add_areapopulation", raise_exception=True)
def population_upload(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("population")
    if upload is None:
        messages.error(request, gettext("Choose a population CSV to upload."))
        return redirect("incidents:coverage")
    result = population_load_file(upload=upload)
    if result.ok:
        rows = number_format(result.rows, force_grouping=True)
        messages.success(request, gettext("Loaded %(rows)s population figures.") % {"rows": rows})
    else:
        shown = "; ".join(
            f"line {line}, {col or 'row'}: {reason} ({value})"
            for line, col, reason, value in result.problems[:5]
        )
        messages.error(request, gettext("Nothing was loaded.") + " " + shown)
    return redirect("incidents:coverage")
