"""Dashboard pages and their exports, through the test client: figures match the trend table,
filters live in the URL, suppression holds in pages, charts and CSVs, and roles are checked."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from datetime import date

import pytest
from django.urls import reverse
from django.utils.html import escape

from dashboard.models import TrendFigure
from incidents.models import Area
from mkviolence.roles import ANALYST, BOARD_MEMBER, COORDINATOR
from strategy.demo import ACTIONS
from tests.factories import months, partnership_rows

pytestmark = pytest.mark.django_db
MK = "E06000042"
END = date(2024, 6, 1)


@pytest.fixture
def board(client, make_user):
    client.force_login(make_user(BOARD_MEMBER))
    return client


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def chart_json(html: str, slug: str) -> dict:
    match = re.search(
        rf'<script id="chart-{slug}-data" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, f"no chart {slug}"
    return json.loads(match[1])


def test_the_month_by_month_table_and_its_csv_hold_the_trend_figures(board, dashboard_data):
    url = reverse("measure", args=["knife-crime"])
    page = board.get(url, {"period": "12"}).content.decode()
    rows = csv_rows(board.get(url, {"period": "12", "export": "month-by-month"}))
    assert rows[0] == ["Month", "Offences in the month", "In the 12 months to the month"]
    figures = TrendFigure.objects.filter(
        measure="knife-crime", area__code=MK, month__gt=date(2023, 6, 1), month__lte=END
    ).order_by("month")
    assert [r[0] for r in rows[1:]] == [f"{f.month:%Y-%m}" for f in figures]
    assert [int(r[1]) for r in rows[1:]] == [f.count for f in figures]
    assert [int(r[2]) for r in rows[1:]] == [f.rolling_12m for f in figures]
    latest = figures.last()
    assert f"{latest.rolling_12m:,} offences in the 12 months to June 2024" in page
    # The chart draws the same numbers.
    bars = chart_json(page, "month-by-month")["data"][0]
    assert bars["y"] == [f.count for f in figures]


def test_filters_in_the_url_choose_area_month_and_period(board, dashboard_data):
    ward = Area.objects.get(code="E05009419")
    url = reverse("measure", args=["knife-crime"])
    page = board.get(url, {"area": ward.code, "end": "2023-12", "period": "36"})
    html = page.content.decode()
    assert f"Knife crime in {ward.name}" in html
    rows = csv_rows(
        board.get(
            url, {"area": ward.code, "end": "2023-12", "period": "36", "export": "month-by-month"}
        )
    )
    # A ward's months are small: the CSV ends with what its marks mean.
    assert "[c] = not shown, so that a number under 5 cannot be worked" in rows[-1][0]
    rows = rows[:-1]
    assert len(rows) == 1 + 36 and rows[-1][0] == "2023-12" and rows[1][0] == "2021-01"
    # The CSV link on the page keeps the filters.
    assert f"area={ward.code}&amp;end=2023-12&amp;period=36&amp;export=month-by-month" in html


def test_filters_that_are_not_allowed_fall_back_to_the_defaults(board, dashboard_data):
    url = reverse("measure", args=["knife-crime"])
    html = board.get(url, {"area": "E06000001", "period": "7", "end": "1999-13"}).content.decode()
    assert "Knife crime in Milton Keynes" in html  # not Hartlepool: not the partnership's
    assert "12 months to June 2024" in html


def test_a_month_without_figures_shows_the_latest_and_says_so(board, dashboard_data):
    html = board.get(reverse("measure", args=["knife-crime"]), {"end": "2030-01"}).content.decode()
    assert "showing June 2024, the latest month with figures" in html


def test_ward_breakdown_suppresses_small_counts_in_page_chart_and_csv(
    board, reference, import_partnership
):
    from dashboard.services import trends_recompute

    # 12 months of 2 a month in one LSOA (ward E05009413), and 3 in the year in another ward.
    plan = {mo: 2 for mo in months("2023-01", 12)}
    import_partnership(partnership_rows(plan))
    import_partnership(partnership_rows({"2023-03": 3}, prefix="S", lsoa_code="E01016729"))
    trends_recompute()
    url = reverse("measure", args=["knife-crime"])
    html = board.get(url).content.decode()
    rows = {r[0]: r[1:] for r in csv_rows(board.get(url, {"export": "by-area"}))[1:]}
    small = Area.objects.get(code="E01016729", vintage=2011).parent.name
    big = Area.objects.get(code="E01016796", vintage=2011).parent.name
    assert rows[small] == ["<5", "<5", "<5"]  # its rate and change would give it away too
    # The total (27) is on the page, so a lone "<5" would be 27 minus the rest: the other ward
    # with incidents is hidden with it, marked as hidden for that reason, not as small. The
    # wards with none stay 0: hiding a zero hides nothing.
    assert rows[big] == ["[c]", "[c]", "[c]"]
    assert any(name.startswith("[c] = not shown") for name in rows)  # the CSV's footnote
    others = [r[0] for name, r in rows.items() if name not in (small, big) and name[0] != "["]
    assert others and set(others) == {"0"}, rows
    assert "[c] = not shown, so that a number under 5" in html
    chart = chart_json(html, "by-area")["data"][0]
    drawn = dict(zip(chart["y"], chart["x"], strict=True))
    labels = dict(zip(chart["y"], chart["text"], strict=True))
    assert (drawn[small], labels[small]) == (0, "<5")
    assert (drawn[big], labels[big]) == (0, "[c]")
    assert "3" not in chart["text"] and "24" not in chart["text"]


def test_exports_neutralise_spreadsheet_formulas(board, reference, import_partnership):
    from dashboard.services import trends_recompute

    # A partnership offence type can only be one of the template's; a hospital assault method
    # label or an area name could carry text, so check the writer on the age table's label
    # path directly through an area named like a formula.
    Area.objects.filter(code="E05009419").update(name='=HYPERLINK("http://x")')
    import_partnership(
        partnership_rows({mo: 3 for mo in months("2023-01", 12)}, lsoa_code="E01016729")
    )
    trends_recompute()
    rows = csv_rows(board.get(reverse("measure", args=["knife-crime"]), {"export": "by-area"}))
    names = [r[0] for r in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in names
    assert not any(n.startswith("=") for n in names)


def test_an_unknown_table_or_measure_is_not_found(board, dashboard_data):
    assert board.get(reverse("measure", args=["nonsense"])).status_code == 404
    assert board.get(reverse("home"), {"export": "nonsense"}).status_code == 404


def test_the_map_shades_wards_by_their_figures_and_greys_out_small_ones(board, dashboard_data):
    html = board.get(reverse("map"), {"measure": "knife-crime", "level": "ward"}).content.decode()
    figure = chart_json(html, "map")
    shapes = {t["name"].split(": ")[0]: t for t in figure["data"] if t.get("fill") == "toself"}
    wards = Area.objects.filter(parent__code=MK, level="ward")
    assert set(shapes) == {w.name for w in wards}
    rows = {r[0]: r for r in csv_rows(board.get(reverse("map"), {"export": "map"}))[1:]}
    for ward in wards:
        r12 = TrendFigure.objects.get(measure="knife-crime", area=ward, month=END).rolling_12m
        shown = rows[ward.name][2]
        assert shown == ("<5" if 0 < r12 < 5 else str(r12)) or shown == "<5"
        if shown == "<5":
            assert shapes[ward.name]["fillcolor"] == "#d5dade"


def test_the_overview_draws_the_trend_and_the_strategy(board, dashboard_data):
    html = board.get(reverse("home")).content.decode()
    trend = chart_json(html, "trend")
    assert {t["name"] for t in trend["data"]} == {
        "Serious violence",
        "Knife crime",
        "Knife crime against under-25s",
    }
    strategy = chart_json(html, "strategy-actions")["data"][0]
    assert sum(strategy["x"]) == len(ACTIONS)
    assert "Overdue actions" in html


def test_the_source_filter_limits_the_measures(board, dashboard_data):
    html = board.get(reverse("measure-index"), {"source": "policeuk-street"}).content.decode()
    assert "Robbery" in html and "Knife crime" not in html


def test_the_board_pack_has_headlines_charts_and_the_strategy(board, dashboard_data):
    html = board.get(reverse("board-pack")).content.decode()
    assert "Knife crime in Milton Keynes:" in html and "Print or save as PDF" in html
    for slug in ("trend", "month-by-month", "strategy-actions"):
        chart_json(html, slug)
    assert "Overdue actions" in html


@pytest.mark.parametrize("role", [BOARD_MEMBER, ANALYST, COORDINATOR, "Admin"])
def test_every_role_sees_the_dashboards(client, make_user, dashboard_data, role):
    client.force_login(make_user(role))
    for url in (
        reverse("home"),
        reverse("measure-index"),
        reverse("map"),
        reverse("board-pack"),
        reverse("measure", args=["knife-crime"]),
    ):
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in (
        reverse("home"),
        reverse("map"),
        reverse("measure", args=["knife-crime"]),
        reverse("board-pack") + "?export=trend",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pages_carry_a_content_security_policy_without_eval(board, dashboard_data):
    policy = board.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
    assert "default-src 'self'" in policy


def test_the_map_of_a_ward_shows_its_neighbourhoods(board, dashboard_data):
    ward = Area.objects.get(code="E05009424")
    html = board.get(reverse("map"), {"area": ward.code}).content.decode()
    assert f"across {escape(ward.name)}" in html
    rows = csv_rows(board.get(reverse("map"), {"area": ward.code, "export": "map"}))
    lsoas = Area.objects.filter(parent=ward, level="lsoa", vintage=2011)
    assert sorted(r[1] for r in rows[1:]) == sorted(a.code for a in lsoas)


def test_the_measure_page_ranks_the_force_among_its_peers(board, dashboard_data):
    from dashboard.peers import peer_table_load

    # Thames Valley's knife offences rose 50%; two peers rose less, one more.
    table = ["area_code,area_name,period_end,measure,count"]
    for code, name, before, after in (
        ("E23000029", "Thames Valley", 1000, 1500),
        ("E23000026", "Bedfordshire", 500, 550),
        ("E23000027", "Hertfordshire", 400, 1000),
        ("E23000028", "Northamptonshire", 300, 330),
    ):
        table += [
            f"{code},{name},2023-06,knife-crime,{before}",
            f"{code},{name},2024-06,knife-crime,{after}",
        ]
    assert peer_table_load(lines=table).ok
    html = board.get(reverse("measure", args=["knife-crime"])).content.decode()
    assert "Among 4 peer areas (Thames Valley)" in html
    assert "2nd fastest-growing" in html


def test_hospital_assault_methods_read_in_plain_english(board, reference, run_import, tmp_path):
    from dashboard.services import trends_recompute
    from incidents.synthetic import synthetic_hospital_file

    run_import(synthetic_hospital_file(tmp_path, end_month=END))
    trends_recompute()
    rows = csv_rows(
        board.get(
            reverse("measure", args=["hospital-knife-assault"]), {"export": "by-offence-type"}
        )
    )
    assert rows[1][0] == "Knife or sharp object" and rows[-1][0] == "Total"


def test_pages_held_in_the_process_expire_as_the_shared_cache_does():
    """The strategy panel is not keyed on the recompute generation: a page kept in the process
    must not outlive the shared cache's CACHE_SECONDS, or a changed action would never show."""
    from dashboard import views
    from dashboard.memo import ProcessMemo

    assert views._PAGES.seconds == views.CACHE_SECONDS
    memo = ProcessMemo(size=2, seconds=60)
    memo.put("a", "page a")
    assert memo.get("a") == "page a"
    memo.seconds = -1  # already expired when put
    memo.put("b", "page b")
    assert memo.get("b") is None
    memo.put("c", "page c", until=time.monotonic() + 60)  # or until when it is told
    memo.put("d", "page d", until=time.monotonic() + 60)  # the oldest entries make way
    assert memo.get("a") is None and memo.get("c") == "page c"
