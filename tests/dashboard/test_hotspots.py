"""Hot spots as the recompute stores them and the pages show them: counts from the figures'
own LSOA series (a 2021 LSOA inside its 2011 LSOA), a period with an uncovered month without hot
spots, too few incidents said and not coloured, periods asked for computed by a task, stale
periods forgotten by the next recompute, and suppression: a class never gives a hidden count
away, on the page, in its CSV and GeoJSON."""

from __future__ import annotations

import json
import re
from datetime import date

import numpy as np
import pytest

from dashboard import hotspots
from dashboard.hotspot_services import hot_spot_period_request, hot_spot_period_run
from dashboard.models import HotSpot, HotSpotPeriod
from dashboard.services import trends_recompute
from mkviolence.roles import BOARD_MEMBER
from tests.factories.hotspots import SPLIT_2011, lattice, lsoa_codes, planted_file

pytestmark = pytest.mark.django_db
YEAR = (date(2024, 1, 1), date(2024, 12, 1))


@pytest.fixture
def planted(reference, run_import, tmp_path):
    data = planted_file(tmp_path)
    run_import(data.path)
    trends_recompute()
    return data


def _period(measure: str = "knife-crime", first: date = YEAR[0], last: date = YEAR[1]):
    return HotSpotPeriod.objects.get(measure=measure, first_month=first, last_month=last)


def _spots(period) -> dict[str, HotSpot]:
    return {s.area.code: s for s in HotSpot.objects.filter(period=period).select_related("area")}


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_recompute_stores_the_latest_twelve_months_hot_spots(planted):
    period = _period()
    assert period.status == HotSpotPeriod.Status.DONE
    assert period.places == 152
    spots = _spots(period)
    expected = planted.totals(*YEAR)
    assert {code: s.count for code, s in spots.items()} == expected
    assert period.incidents == sum(expected.values())
    # The same Gi* the maths gives on the counts written, in the lattice's order.
    grid = lattice()
    counts = np.array([expected[c] for c in grid.codes], dtype=float)
    result = hotspots.gi_star(counts, grid.weights)
    for i, code in enumerate(grid.codes):
        assert spots[code].z == pytest.approx(result.z[i])
        assert spots[code].p == pytest.approx(result.p[i])
        assert spots[code].p_fdr == pytest.approx(result.p_fdr[i])
        assert spots[code].hot_class == result.classes[i]
    # With 999 permutations the smallest p is 0.002; after the FDR correction over 152 LSOAs a
    # cluster of a few LSOAs is hot at 90% or 95%, not 99%.
    assert spots[planted.centre].hot_class in {"hot-95", "hot-90"}
    near = planted.cluster | {n for c in planted.cluster for n in grid.neighbours[c]}
    assert {c for c, s in spots.items() if s.hot_class.startswith("hot")} <= near
    # Emerging: the cluster was there every month of the 24.
    assert period.emerging_status == HotSpotPeriod.Status.DONE
    assert period.emerging_first == date(2023, 1, 1)
    assert spots[planted.centre].trend in {"persistent-hot", "intensifying-hot", "diminishing-hot"}
    assert {s.trend for s in spots.values()} <= set(hotspots.EMERGING)
    # Concentration, then and a year earlier, of the counts written.
    found = hotspots.concentration(list(expected.values()))
    assert period.concentration["gini"] == pytest.approx(found.gini)
    assert period.concentration["places_for_half"] == found.places_for_half
    earlier = hotspots.concentration(
        list(planted.totals(date(2023, 1, 1), date(2023, 12, 1)).values())
    )
    assert period.concentration_year_earlier["gini"] == pytest.approx(earlier.gini)


def test_a_2021_lsoa_counts_inside_its_2011_lsoa(planted):
    spot = _spots(_period())[SPLIT_2011]
    assert spot.count == planted.totals(*YEAR)[SPLIT_2011] > 0
    assert set(_spots(_period())) == set(lsoa_codes())  # no 2021 code is a place of its own


def test_a_period_with_an_uncovered_month_has_no_hot_spots(
    reference, run_import, tmp_path, client, make_user
):
    data = planted_file(tmp_path, skip=(date(2024, 5, 1),))
    run_import(data.path)
    trends_recompute()
    period = _period()
    assert period.status == HotSpotPeriod.Status.NOT_COVERED
    assert period.detail["missing"] == ["2024-05"]
    assert not HotSpot.objects.filter(period=period).exists()
    client.force_login(make_user(BOARD_MEMBER))
    text = _text(client.get("/hot-spots/?measure=knife-crime"))
    assert "the source does not cover May 2024" in text
    assert "Hot or cold spot" not in text  # no table of classes
    # The 12 months before the gap have hot spots of their own when asked for.
    earlier = hot_spot_period_request(
        measure="knife-crime", first=date(2023, 5, 1), last=date(2024, 4, 1)
    )
    assert hot_spot_period_run(period_id=earlier.pk).status == HotSpotPeriod.Status.DONE


def test_too_few_incidents_are_said_and_not_coloured(
    reference, run_import, tmp_path, client, make_user
):
    data = planted_file(tmp_path, background=0.05, extra=0)
    run_import(data.path)
    trends_recompute()
    period = _period()
    assert period.status == HotSpotPeriod.Status.TOO_FEW
    assert period.incidents < 152
    assert set(HotSpot.objects.filter(period=period).values_list("hot_class", flat=True)) == {
        "too-few"
    }
    client.force_login(make_user(BOARD_MEMBER))
    response = client.get("/map/?measure=knife-crime&value=hot-spots")
    text = _text(response)
    assert "Too few offences for a stable result" in text
    assert "so the map is not coloured" in text
    figure = json.loads(
        re.search(
            r'id="chart-hot-spot-map-data"[^>]*>(.*?)</script>', response.content.decode(), re.S
        )[1]
    )
    assert {trace["fillcolor"] for trace in figure["data"]} == {"#c5ccd3"}  # all grey


def test_a_period_asked_for_is_computed_by_its_task_and_forgotten_by_the_next_recompute(
    planted, run_import, tmp_path
):
    asked = hot_spot_period_request(
        measure="knife-crime", first=date(2023, 1, 1), last=date(2023, 6, 1)
    )
    assert asked.status == HotSpotPeriod.Status.PENDING
    done = hot_spot_period_run(period_id=asked.pk)
    assert done.status == HotSpotPeriod.Status.DONE
    assert hot_spot_period_run(period_id=asked.pk).computed_at == done.computed_at  # once only
    counts = {
        s.area.code: s.count for s in HotSpot.objects.filter(period=done).select_related("area")
    }
    assert counts == planted.totals(date(2023, 1, 1), date(2023, 6, 1))
    # A recompute (here the incremental one after a new month) forgets every stored period of
    # its measures, since what a board may see of them can change, and computes the latest.
    more = planted_file(tmp_path, first=date(2025, 1, 1), last=date(2025, 1, 1), seed=5)
    more.path = more.path.rename(tmp_path / "more.csv")
    from dashboard.services import trends_recompute_for_batch

    batch = run_import(more.path)
    trends_recompute_for_batch(batch_id=batch.pk)
    assert not HotSpotPeriod.objects.filter(pk=done.pk).exists()
    assert list(
        HotSpotPeriod.objects.filter(measure="knife-crime").values_list("last_month", "status")
    ) == [(date(2025, 1, 1), HotSpotPeriod.Status.DONE)]
    # Asked for again, the 2023 period is computed afresh.
    again = hot_spot_period_request(
        measure="knife-crime", first=date(2023, 1, 1), last=date(2023, 6, 1)
    )
    assert again.status == HotSpotPeriod.Status.PENDING
    assert hot_spot_period_run(period_id=again.pk).status == HotSpotPeriod.Status.DONE


def test_the_hot_spot_page_shows_classes_trends_and_counts(planted, client, make_user):
    client.force_login(make_user(BOARD_MEMBER))
    response = client.get("/hot-spots/?measure=knife-crime")
    assert response.status_code == 200
    text = _text(response)
    assert "Hot spots: Knife crime in Milton Keynes" in text
    assert "Hot spot, 90% confidence" in text or "Hot spot, 95% confidence" in text
    assert "It is not a prediction" in text
    assert "ESRI's Emerging Hot Spot Analysis" in text
    for word in (
        "New hot spot",
        "Consecutive hot spot",
        "Intensifying hot spot",
        "Persistent hot spot",
        "Diminishing hot spot",
        "Sporadic hot spot",
        "Oscillating hot spot",
        "Historical hot spot",
    ):
        assert word in text  # the glossary defines each
    rows = _csv(client.get("/hot-spots/?measure=knife-crime&export=hot-spots"))
    assert rows[0] == [
        "Neighbourhood (LSOA)",
        "Code",
        "Ward",
        "Hot or cold spot",
        "How it is changing (24 months)",
        "Offences in 12 months",
    ]
    by_code = {r[1]: r for r in rows[1:]}
    assert len(by_code) == 152
    spots = _spots(_period())
    centre = by_code[planted.centre]
    level = spots[planted.centre].hot_class.removeprefix("hot-")
    assert centre[3] == f"Hot spot, {level}% confidence"
    assert centre[5] == str(spots[planted.centre].count)
    assert centre[4] != "—"  # its emerging pattern
    # No z-score or p-value reaches a board page.
    assert f"{spots[planted.centre].z:.3f}" not in response.content.decode()


def _csv(response) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_class_never_gives_a_hidden_count_away(
    reference, run_import, tmp_path, client, make_user
):
    data = planted_file(tmp_path, small=True)
    run_import(data.path)
    trends_recompute()
    period = _period()
    spots = _spots(period)
    assert spots[data.small].count == 3  # hidden as "<5" on every board view
    client.force_login(make_user(BOARD_MEMBER))
    exported = _csv(client.get("/hot-spots/?measure=knife-crime&export=hot-spots"))[1:]
    rows = {r[1]: r for r in exported if r[1]}  # the last line may be the "[c]" footnote
    assert rows[data.small][5] == "<5"
    grid = lattice()
    for code in (data.small, *grid.neighbours[data.small]):
        assert rows[code][3] == "Not shown" and rows[code][4] == "—", code
    # Everywhere a count is hidden, the class is too.
    for code, row in rows.items():
        if row[5] in ("<5", "[c]"):
            assert row[3] == "Not shown", code
    # Each class shown is the same whatever the hidden count is (1 to 4): it says nothing of it.
    shown = {code: row[3] for code, row in rows.items() if row[3] != "Not shown"}
    assert shown
    labels = {
        "hot-99": "Hot spot, 99% confidence",
        "hot-95": "Hot spot, 95% confidence",
        "hot-90": "Hot spot, 90% confidence",
        "not-significant": "Not significant",
        "cold-90": "Cold spot, 90% confidence",
        "cold-95": "Cold spot, 95% confidence",
        "cold-99": "Cold spot, 99% confidence",
    }
    totals = data.totals(*YEAR)
    for value in (1, 2, 3, 4):
        counts = np.array(
            [value if c == data.small else totals[c] for c in grid.codes], dtype=float
        )
        classes = dict(zip(grid.codes, hotspots.gi_star(counts, grid.weights).classes, strict=True))
        for code, label in shown.items():
            assert labels[classes[code]] == label, (value, code)
    # The GeoJSON says the same.
    collection = json.loads(client.get("/hot-spots/hot-spots.geojson?measure=knife-crime").content)
    features = {f["id"]: f["properties"] for f in collection["features"]}
    assert (
        features[data.small]["class"] == "not-shown" and features[data.small]["count_12m"] == "<5"
    )
    assert {f["class"] for f in features.values() if f["count_12m"] in ("<5", "[c]")} <= {
        "not-shown"
    }


def test_an_actions_places_are_shown_hot_or_not(planted, client, make_user):
    from incidents.models import Area

    ward = Area.objects.get(code=planted.centre, vintage=2011).parent
    client.force_login(make_user(BOARD_MEMBER))
    response = client.get(
        f"/hot-spots/places/?places={planted.centre},{ward.code},E09999999&measures=knife-crime"
    )
    text = _text(response)
    level = _spots(_period())[planted.centre].hot_class.removeprefix("hot-")
    assert f"Hot spot, {level}% confidence" in text
    assert re.search(r"\d+ of \d+ neighbourhoods are hot spots", text)
    assert "E09999999 Knife crime Not one of the partnership" in text


def test_the_hot_spot_pages_are_in_welsh(planted, client, make_user):
    client.force_login(make_user(BOARD_MEMBER))
    text = _text(client.get("/hot-spots/?measure=knife-crime", HTTP_ACCEPT_LANGUAGE="cy"))
    assert "Beth mae man poeth yn ei olygu, a beth nad yw'n ei olygu" in text
    assert "Man poeth, hyder" in text and "Man poeth parhaus" in text
    layer = _text(
        client.get("/map/?measure=knife-crime&value=hot-spots", HTTP_ACCEPT_LANGUAGE="cy")
    )
    assert "Allwedd" in layer and "cymdogaeth" in layer


def test_the_board_pack_has_a_hot_spot_section(planted, client, make_user):
    client.force_login(make_user(BOARD_MEMBER))
    response = client.get("/board-pack/")
    text = _text(response)
    # Serious violence comes first, and the planted knife crimes are serious violence too.
    assert "Hot spots of Serious violence in Milton Keynes" in text
    assert "How concentrated offences are" in text
    rows = _csv(client.get("/board-pack/?export=hot-spots"))
    assert rows[0][3] == "Hot or cold spot"
    listed = {r[1]: r[3] for r in rows[1:] if r[1]}
    assert planted.centre in listed
    assert set(listed.values()) <= {
        "Hot spot, 99% confidence",
        "Hot spot, 95% confidence",
        "Hot spot, 90% confidence",
        "Cold spot, 90% confidence",
        "Cold spot, 95% confidence",
        "Cold spot, 99% confidence",
    }
