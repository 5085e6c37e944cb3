"""A police.uk archive through the API: 202, then the archive's report with every file."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidents.models import Incident
from incidents.services import import_batch_run
from mkviolence.roles import ANALYST
from tests.factories import BASE_DIR, json_of, read_rows

pytestmark = pytest.mark.django_db(transaction=True)

NATIONAL = BASE_DIR / "data" / "policeuk" / "national-2022-09"


def test_an_archive_through_the_api_reports_each_file(api_client, unread_queue):
    client = api_client(ANALYST)
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for force in ("city-of-london", "btp"):
            name = f"2022-09-{force}-street.csv"
            z.write(NATIONAL / name, f"2022-09/{name}")
        z.writestr("2022-09/2022-09-btp-stop-and-search.csv", "Type,Date\r\n")
    upload = SimpleUploadedFile("2022-09.zip", data.getvalue(), "application/zip")
    response = client.post(reverse("api:import-list"), {"file": upload}, format="multipart")
    assert response.status_code == 202
    archive_id = json_of(response)["id"]
    import_batch_run(batch_id=archive_id, inline_members=True)  # what the workers do
    report = json_of(client.get(reverse("api:import-detail", args=[archive_id])))
    assert report["status"] == "done" and report["format"] == "policeuk-archive"
    members = {m["force"]: m for m in report["members"]}
    btp = read_rows(NATIONAL / "2022-09-btp-street.csv")
    assert members["btp"]["read"] == len(btp) and members["btp"]["outside_uk"] == 12
    assert report["outside_uk"] == 12
    assert [s["name"] for s in report["skipped"]] == ["2022-09/2022-09-btp-stop-and-search.csv"]
    member = json_of(client.get(reverse("api:import-detail", args=[members["btp"]["id"]])))
    assert member["archive"] == archive_id and member["member"].endswith("btp-street.csv")
    assert Incident.objects.filter(force="British Transport Police").count() == len(btp)
