"""The API fuzzed against its own OpenAPI schema with the schemathesis command line: a real
server (pytest-django's live server, on the test database), a real admin token, generated
requests for every operation (valid and invalid ones). No answer may be a server error, and
every answer must match the schema: its status code, content type and body."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from api.tokens import api_token_create
from mkviolence.roles import ADMIN, BOARD_MEMBER
from strategy.demo import strategy_demo_load
from tests.factories import ARTIFACTS, TV_2019_01

pytestmark = pytest.mark.django_db(transaction=True)
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_schema_conformance"
)


@pytest.fixture
def data(reference) -> None:
    call_command("import_incidents", str(TV_2019_01), verbosity=0)
    call_command("recompute_trends", "--full", verbosity=0)
    strategy_demo_load(today=timezone.localdate())


# The admin reaches every operation, through every phase (the schema's examples, boundary
# values, random requests, then sequences that follow links: create, read, change), in two runs
# that the suite's processes can take at once. A board member's figures go through the
# suppression; the record-level routes must refuse cleanly.
RUNS = {
    "admin-examples-coverage": (ADMIN, ["--phases", "examples,coverage"]),
    "admin-fuzzing-stateful": (ADMIN, ["--phases", "fuzzing,stateful"]),
    "board-member": (
        BOARD_MEMBER,
        [
            "--phases",
            "examples,fuzzing",
            "--include-path-regex",
            "figures|incidents|imports|measures",
        ],
    ),
}


@pytest.mark.parametrize("run", list(RUNS))
def test_every_operation_answers_within_its_schema(
    live_server, data, make_user, run, tmp_path, monkeypatch
):
    from rest_framework.throttling import SimpleRateThrottle

    # The allowance is lifted: the run checks the answers, not the throttle (test_tokens does).
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"api": "1000000/minute"})
    role, phases = RUNS[run]
    _, token = api_token_create(user=make_user(role), name="schemathesis")
    report = ARTIFACTS / f"schemathesis-{run}"
    report.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("schemathesis")),
            "run",
            f"{live_server.url}/api/v1/schema/",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--max-examples",
            "25",
            "--seed",
            "20261123",
            "--generation-deterministic",
            "--continue-on-failure",
            "--request-timeout",
            "30",
            "--suppress-health-check",
            "all",
            "--report",
            "junit",
            "--report-junit-path",
            str(report / "junit.xml"),
            *phases,
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        cwd=tmp_path,  # its cache goes there
        env={**os.environ, "NO_COLOR": "1", "SCHEMATHESIS_HOOKS": ""},
    )
    (report / "output.txt").write_text(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout or "passed" in result.stdout, result.stdout[-3000:]
