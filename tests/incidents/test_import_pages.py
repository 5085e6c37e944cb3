"""The upload page, batch history and reports, and who may use them."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidents.models import ImportBatch
from incidents.services import import_batch_create, import_batch_run
from mkviolence.roles import ADMIN, ANALYST, BOARD_MEMBER, COORDINATOR
from tests.factories import BEDS_2019_01, TV_2019_01, write_file

MONTH_REASON = "must be a month written YYYY-MM, e.g. 2019-01, from 2000 to this month"

pytestmark = pytest.mark.django_db


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.mark.parametrize("role", [BOARD_MEMBER, COORDINATOR])
def test_board_members_and_coordinators_cannot_see_or_use_imports(client, make_user, role):
    client.force_login(make_user(role))
    assert client.get(reverse("incidents:import-list")).status_code == 403
    response = client.post(
        reverse("incidents:import-list"), {"files": upload("a.csv", BEDS_2019_01.read_bytes())}
    )
    assert response.status_code == 403
    assert ImportBatch.objects.count() == 0
    assert b"Imports" not in client.get(reverse("home")).content


@pytest.mark.parametrize("role", [ANALYST, ADMIN])
def test_analysts_and_admins_can_upload(
    client, make_user, role, django_capture_on_commit_callbacks
):
    user = make_user(role)
    client.force_login(user)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            reverse("incidents:import-list"),
            {
                "files": [
                    upload("tv.csv", TV_2019_01.read_bytes()),
                    upload("beds.csv", BEDS_2019_01.read_bytes()),
                ],
                "format": "auto",
            },
        )
    assert response.status_code == 302
    batches = ImportBatch.objects.order_by("id")
    assert [b.file_name for b in batches] == ["tv.csv", "beds.csv"]
    assert all(b.uploaded_by == user and b.status == "pending" for b in batches)
    assert len(callbacks) == 2  # one task each, sent only after the upload commits
    assert all(b.sha256 and b.file_size > 0 and not b.file for b in batches)
    # Kept in the database, where a worker on any host can read it.
    stored = b"".join(bytes(c.data) for c in batches[0].chunks.order_by("seq"))
    assert stored == TV_2019_01.read_bytes()


def test_the_history_shows_who_uploaded_what(client, make_user):
    analyst = make_user(ANALYST)
    analyst.first_name, analyst.last_name = "Ana", "Lyst"
    analyst.save()
    batch = import_batch_create(
        upload=upload("jan.csv", TV_2019_01.read_bytes()), uploaded_by=analyst
    )
    import_batch_run(batch_id=batch.pk)
    client.force_login(analyst)
    page = client.get(reverse("incidents:import-list")).content.decode()
    assert "jan.csv" in page and "Ana Lyst" in page and "Imported" in page


def test_a_report_lists_problem_rows_and_offers_them_as_csv(client, make_user, tmp_path):
    lines = TV_2019_01.read_text(encoding="utf-8").splitlines()[1:4]
    lines[0] = lines[0].replace("2019-01", "=HYPERLINK(1)", 1)
    batch = import_batch_create(path=write_file(tmp_path / "bad.csv", lines))
    import_batch_run(batch_id=batch.pk)
    client.force_login(make_user(ANALYST))
    page = client.get(reverse("incidents:import-detail", args=[batch.pk])).content.decode()
    assert "Not imported" in page and "nothing was stored" in page
    assert "Rows with problems" in page and "must be a month written YYYY-MM" in page
    response = client.get(reverse("incidents:import-errors-csv", args=[batch.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["line", "column", "reason", "value"]
    # The bad value would run as a formula in a spreadsheet; it is neutralised.
    assert rows[1] == ["2", "Month", MONTH_REASON, "'=HYPERLINK(1)"]


def test_the_status_endpoint_reports_progress_and_counts(client, make_user):
    batch = import_batch_create(path=BEDS_2019_01)
    client.force_login(make_user(ANALYST))
    url = reverse("incidents:import-status", args=[batch.pk])
    pending = client.get(url).json()
    assert pending["status"] == "pending" and pending["finished"] is False
    import_batch_run(batch_id=batch.pk)
    done = client.get(url).json()
    assert done["status"] == "done" and done["finished"] is True and done["progress"] == 100
    assert done["stored"] == done["read"] > 0


def test_a_failed_import_can_be_queued_again(
    client, make_user, tmp_path, django_capture_on_commit_callbacks
):
    path = write_file(tmp_path / "x.csv", ["1"], header="nope")
    batch = import_batch_create(path=path)
    import_batch_run(batch_id=batch.pk)
    client.force_login(make_user(ANALYST))
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("incidents:import-retry", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "pending" and len(callbacks) == 1


def test_a_finished_import_cannot_be_retried(client, make_user):
    batch = import_batch_create(path=BEDS_2019_01)
    import_batch_run(batch_id=batch.pk)
    client.force_login(make_user(ANALYST))
    client.post(reverse("incidents:import-retry", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "done"


def test_an_upload_with_no_file_shows_an_error(client, make_user):
    client.force_login(make_user(ANALYST))
    response = client.post(reverse("incidents:import-list"), {"format": "auto"})
    assert response.status_code == 200
    assert b"This field is required" in response.content
    assert ImportBatch.objects.count() == 0


def test_an_upload_records_the_period_the_analyst_states(client, make_user):
    client.force_login(make_user(ANALYST))
    data = {
        "files": [upload("p.csv", b"x")],
        "format": "auto",
        "covers_from": "2024-01",
        "covers_to": "2024-06",
    }
    assert client.post(reverse("incidents:import-list"), data).status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.period_start, batch.period_end, batch.period_stated) == (
        date(2024, 1, 1),
        date(2024, 6, 30),
        True,
    )


def test_an_upload_with_half_a_period_is_refused(client, make_user):
    client.force_login(make_user(ANALYST))
    data = {"files": [upload("p.csv", b"x")], "format": "auto", "covers_from": "2024-01"}
    response = client.post(reverse("incidents:import-list"), data)
    assert response.status_code == 200
    assert "Give both months" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_upload_over_the_limit_is_refused_before_it_is_kept(client, make_user, settings):
    from incidents.models import UploadChunk

    settings.MAX_UPLOAD_MB = 1
    client.force_login(make_user(ANALYST))
    big = b"Crime ID,Month\n" + b"x" * (1024 * 1024 + 10)
    response = client.post(
        reverse("incidents:import-list"), {"files": [upload("big.csv", big)], "format": "auto"}
    )
    assert response.status_code == 200
    assert "larger than the 1 MB an upload may be" in response.content.decode()
    assert not ImportBatch.objects.exists() and not UploadChunk.objects.exists()


def test_an_upload_is_imported_from_the_database_alone(client, make_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # nothing may be written here
    client.force_login(make_user(ANALYST))
    data = {"files": [upload("tv.csv", TV_2019_01.read_bytes())], "format": "auto"}
    client.post(reverse("incidents:import-list"), data)
    batch = ImportBatch.objects.get()
    assert not (tmp_path / "media").exists()
    batch = import_batch_run(batch_id=batch.pk)
    assert batch.status == "done" and batch.rows_stored > 0
