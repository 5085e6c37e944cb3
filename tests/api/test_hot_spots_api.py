"""GET /api/v1/hot-spots/: analysts and admins read one result per LSOA with the stored values;
other roles are refused; a period not computed yet answers 202 and is computed by its task; a
period with an uncovered month, or a bad parameter, is a JSON error."""

from __future__ import annotations

from datetime import date

import pytest

from dashboard.hotspot_services import hot_spot_period_run
from dashboard.models import HotSpot, HotSpotPeriod
from dashboard.services import trends_recompute
from mkviolence.roles import ADMIN, ANALYST, BOARD_MEMBER, COORDINATOR
from tests.factories import ANON, NO_ROLE, json_of
from tests.factories.hotspots import lsoa_codes, planted_file

pytestmark = pytest.mark.django_db
URL = "/api/v1/hot-spots/"


@pytest.fixture
def planted(reference, run_import, tmp_path):
    data = planted_file(tmp_path, skip=(date(2023, 3, 1),))
    run_import(data.path)
    trends_recompute()
    return data


@pytest.mark.parametrize("role", [ANALYST, ADMIN])
def test_analysts_and_admins_read_one_result_per_lsoa(api_client, planted, role):
    response = api_client(role).get(URL, {"measure": "knife-crime"})
    assert response.status_code == 200
    results = json_of(response)
    assert [r["lsoa"] for r in results] == lsoa_codes()
    period = HotSpotPeriod.objects.get(
        measure="knife-crime", first_month=date(2024, 1, 1), last_month=date(2024, 12, 1)
    )
    stored = {
        s.area.code: s for s in HotSpot.objects.filter(period=period).select_related("area__parent")
    }
    for result in results:
        spot = stored[result["lsoa"]]
        assert set(result) == {
            "lsoa",
            "name",
            "ward",
            "ward_name",
            "count",
            "z",
            "p",
            "p_fdr",
            "class",
            "trend",
        }
        assert (result["z"], result["p"], result["p_fdr"]) == (spot.z, spot.p, spot.p_fdr)
        assert result["class"] == spot.hot_class
        # March 2023 is not covered: no emerging pattern over the 24 months to December 2024.
        assert result["trend"] is None and spot.trend == ""
        assert result["ward"] == spot.area.parent.code and result["count"] == spot.count
    assert results == json_of(
        api_client(role).get(URL, {"measure": "knife-crime", "from": "2024-01", "to": "2024-12"})
    )
    centre = next(r for r in results if r["lsoa"] == planted.centre)
    assert centre["class"].startswith("hot-") and 0 < centre["p"] <= centre["p_fdr"] <= 0.1


@pytest.mark.parametrize(
    ("role", "status"), [(ANON, 401), (NO_ROLE, 403), (BOARD_MEMBER, 403), (COORDINATOR, 403)]
)
def test_other_roles_are_refused_in_json(api_client, planted, role, status):
    response = api_client(role).get(URL, {"measure": "knife-crime"})
    assert response.status_code == status
    assert json_of(response)["code"] and json_of(response)["message"]


def test_a_period_not_computed_yet_answers_202_then_its_results(api_client, planted):
    client = api_client(ANALYST)
    query = {"measure": "knife-crime", "from": "2023-06", "to": "2023-11"}
    response = client.get(URL, query)
    assert response.status_code == 202
    assert response["Retry-After"] == "30"
    assert json_of(response)["code"] == "pending"
    period = HotSpotPeriod.objects.get(
        measure="knife-crime", first_month=date(2023, 6, 1), last_month=date(2023, 11, 1)
    )
    assert client.get(URL, query).status_code == 202  # asked again: still one period
    hot_spot_period_run(period_id=period.pk)  # the task's work
    results = json_of(client.get(URL, query))
    assert {r["lsoa"]: r["count"] for r in results} == planted.totals(
        date(2023, 6, 1), date(2023, 11, 1)
    )


def test_a_period_with_an_uncovered_month_is_a_json_error(api_client, planted):
    client = api_client(ANALYST)
    query = {"measure": "knife-crime", "from": "2023-01", "to": "2023-12"}
    assert client.get(URL, query).status_code == 202
    period = HotSpotPeriod.objects.get(
        measure="knife-crime", first_month=date(2023, 1, 1), last_month=date(2023, 12, 1)
    )
    hot_spot_period_run(period_id=period.pk)
    response = client.get(URL, query)
    assert response.status_code == 400
    error = json_of(response)
    assert error["code"] == "invalid" and "2023-03" in " ".join(error["fields"]["to"])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({}, "measure"),
        ({"measure": "no-such-measure"}, "measure"),
        ({"measure": "knife-crime", "from": "2024-13"}, "from"),
        ({"measure": "knife-crime", "from": "2024-06", "to": "2024-01"}, "to"),
        ({"measure": "knife-crime", "from": "2020-01", "to": "2023-12"}, "to"),
    ],
)
def test_bad_parameters_are_json_errors(api_client, reference, query, field):
    response = api_client(ANALYST).get(URL, query)
    assert response.status_code == 400
    assert field in json_of(response)["fields"]


def test_an_actions_places_are_read_and_written_through_the_api(api_client, reference):
    from django.utils import timezone

    from incidents.models import Area
    from strategy.demo import strategy_demo_load
    from strategy.models import Action

    strategy_demo_load(today=timezone.localdate())
    action = Action.objects.order_by("id").first()
    lsoa = Area.objects.filter(level="lsoa", vintage=2011).order_by("code").first()
    client = api_client(COORDINATOR)
    url = f"/api/v1/actions/{action.pk}/"
    response = client.patch(url, {"places": [lsoa.code]}, format="json")
    assert response.status_code == 200, response.content
    assert json_of(client.get(url))["places"] == [lsoa.code]
    refused = client.patch(url, {"places": ["E05999999"]}, format="json")
    assert refused.status_code == 400 and "places" in json_of(refused)["fields"]
    action.refresh_from_db()
    assert action.places == [lsoa.code]
