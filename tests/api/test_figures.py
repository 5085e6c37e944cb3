"""Figures through the API: exactly the CLI's for roles that see exact counts, and exactly what
the pages show (the same marks, the same hidden cells) for a board member."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from mkviolence.roles import ADMIN, ANALYST, BOARD_MEMBER, COORDINATOR
from tests.factories import PLANTED_MONTHS as MONTHS
from tests.factories import json_of

pytestmark = pytest.mark.django_db
WARD = "E05009418"


def _cli(measure: str, area: str, month: str) -> dict:
    out = StringIO()
    call_command(
        "figures", "--measure", measure, "--area", area, "--month", month, "--json", stdout=out
    )
    return json.loads(out.getvalue())


@pytest.mark.parametrize("role", [ANALYST, ADMIN])
def test_exact_roles_get_the_figures_of_the_command(api_client, planted, role):
    client = api_client(role)
    first, last = MONTHS[12], MONTHS[-1]
    response = client.get(
        reverse("api:figures"), {"measure": "knife-crime", "area": WARD, "from": first, "to": last}
    )
    figures = json_of(response)
    assert [f["month"] for f in figures] == MONTHS[12:]
    for figure in figures[::5]:
        assert figure == _cli("knife-crime", WARD, figure["month"])
    one = json_of(
        client.get(
            reverse("api:figures"), {"measure": "knife-crime", "area": WARD, "month": MONTHS[20]}
        )
    )
    assert one == [_cli("knife-crime", WARD, MONTHS[20])]
    assert any(f["rolling_12m"] is not None and f["rolling_12m"] < 5 for f in figures) or any(
        f["count"] is not None and 0 < f["count"] < 5 for f in figures
    ), "the plant has small counts, and exact roles see them"


def _month_label_rows(board_client) -> dict[str, list[str]]:
    url = reverse("measure", args=["knife-crime"])
    response = board_client.get(url, {"area": WARD, "period": "36", "export": "month-by-month"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return {r[0]: r for r in rows[1:] if r and not r[0].startswith("[c]")}


@pytest.mark.parametrize("role", [BOARD_MEMBER, COORDINATOR])
def test_board_roles_get_the_suppression_of_the_pages(api_client, planted, board, role):
    figures = json_of(
        api_client(role).get(
            reverse("api:figures"),
            {"measure": "knife-crime", "area": WARD, "from": MONTHS[0], "to": MONTHS[-1]},
        )
    )
    page = _month_label_rows(board)
    by_month = {f["month"]: f for f in figures}
    assert len(page) == 36 and set(by_month) <= set(page) and len(by_month) >= 30
    hidden = 0
    for label, row in page.items():
        if label not in by_month:  # before the series starts: nothing on the page either
            assert row[1:3] == ["", ""], row
            continue
        figure = by_month[label]
        marks = figure["suppression"]
        pairs = (
            (figure["count"], marks["count"], row[1]),
            (figure["rolling_12m"], marks["rolling_12m"], row[2]),
        )
        for value, mark, cell in pairs:
            if mark is not None:
                hidden += 1
                assert value is None and cell == mark, (label, cell, mark)
            elif cell not in ("", "no data", "not shown"):
                assert value == int(cell.replace(",", "")), (label, cell, value)
        if marks["rolling_12m"] is not None:
            assert figure["rate"] is None and figure["change_12m_pct"] is None
            assert figure["p_12m"] is None and figure["ci_12m_pct"] == [None, None]
    assert hidden > 0, "the plant has small counts that a board may not see"
    # Nothing below the threshold is shown to a board.
    for figure in figures:
        for key in ("count", "rolling_12m", "previous_12m", "rolling_12m_two_years_earlier"):
            assert figure[key] is None or figure[key] == 0 or figure[key] >= 5, (key, figure)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"measure": "knife-crime"}, "area"),
        ({"measure": "no-such", "area": WARD}, "measure"),
        ({"measure": "knife-crime", "area": "E99999999"}, "area"),
        ({"measure": "knife-crime", "area": WARD, "month": "2024-13"}, "month"),
        ({"measure": "knife-crime", "area": WARD, "from": "2024-01"}, "to"),
        ({"measure": "knife-crime", "area": WARD, "from": "2024-06", "to": "2024-01"}, "to"),
        ({"measure": "knife-crime", "area": WARD, "from": "2000-01", "to": "2024-01"}, "to"),
        (
            {
                "measure": "knife-crime",
                "area": WARD,
                "month": "2024-01",
                "from": "2024-01",
                "to": "2024-02",
            },
            "month",
        ),
    ],
)
def test_bad_parameters_get_a_400_naming_the_field(api_client, reference, query, field):
    response = api_client(ANALYST).get(reverse("api:figures"), query)
    assert response.status_code == 400
    error = json_of(response)
    assert error["code"] == "invalid" and field in error["fields"], error


def test_an_lsoa_in_both_vintages_gives_the_figures_of_the_command(api_client, planted):
    """An LSOA code unchanged in 2021 names two areas; figures are kept for the 2011 one, and
    the API finds it as the command does."""
    from incidents.models import Area

    lsoa = "E01016796"
    assert sorted(Area.objects.filter(code=lsoa).values_list("vintage", flat=True)) == [2011, 2021]
    figures = json_of(
        api_client(ANALYST).get(
            reverse("api:figures"), {"measure": "knife-crime", "area": lsoa, "month": MONTHS[-1]}
        )
    )
    assert figures == [_cli("knife-crime", lsoa, MONTHS[-1])]
