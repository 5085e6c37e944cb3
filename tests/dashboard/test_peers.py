"""Peer tables and the local area's rank by change among its peers."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from dashboard.models import PeerCount
from dashboard.peers import ons_knife_table_to_peer_csv, peer_rank, peer_table_load
from incidents.models import Area
from tests.factories import BASE_DIR

pytestmark = pytest.mark.django_db
ONS = BASE_DIR / "data/ons/knife_offences_by_pfa_ye_dec2018.csv"


def load(text: str):
    return peer_table_load(lines=StringIO(text))


TABLE = """area_code,area_name,period_end,measure,count
E23000029,Thames Valley,2022-12,knife-crime,100
E23000029,Thames Valley,2023-12,knife-crime,150
E23000029,Thames Valley,2024-12,knife-crime,190
E23000001,Metropolitan Police,2022-12,knife-crime,1000
E23000001,Metropolitan Police,2023-12,knife-crime,1100
E23000001,Metropolitan Police,2024-12,knife-crime,1000
E23000026,Bedfordshire,2022-12,knife-crime,50
E23000026,Bedfordshire,2023-12,knife-crime,60
E23000026,Bedfordshire,2024-12,knife-crime,"90"
E23000025,Suffolk,2023-12,knife-crime,0
E23000025,Suffolk,2024-12,knife-crime,20
"""


def test_ranks_by_12_month_and_two_year_change():
    assert load(TABLE).ok
    # 12 months to Dec 2024: Beds +50%, Thames Valley +26.7%, Met -9.1%; Suffolk's zero base
    # cannot be ranked.
    rank = peer_rank(measure="knife-crime", area_code="E23000029", period_end=date(2024, 12, 1))
    assert (rank.rank, rank.of) == (2, 3)
    assert rank.change_pct == pytest.approx((190 - 150) / 150 * 100)
    # Two years: Thames Valley +90%, Beds +80%, Met 0%.
    two = peer_rank(measure="knife-crime", area_code="E23000029", span_months=24)
    assert (two.rank, two.of, round(two.change_pct)) == (1, 3, 90)
    assert peer_rank(measure="knife-crime", area_code="E23000025") is None


def test_a_bad_row_loads_nothing():
    result = load(
        "area_code,area_name,period_end,measure,count\n"
        "E23000029,Thames Valley,2024-12,knife-crime,12\n"
        "Thames,Thames Valley,12/2024,knives,-\n"
    )
    assert not result.ok
    assert [(p[0], p[1]) for p in result.problems] == [
        (3, "area_code"),
        (3, "period_end"),
        (3, "measure"),
        (3, "count"),
    ]
    assert PeerCount.objects.count() == 0


def test_the_real_ons_table_is_read_despite_its_mess():
    call_command("load_reference_data", stdout=StringIO())
    forces = {a.name.lower(): a.code for a in Area.objects.filter(level="force")}
    text, skipped = ons_knife_table_to_peer_csv(
        ONS.read_text(encoding="utf-8-sig"), period_end="2018-12", force_codes=forces
    )
    assert load(text).ok
    tv = PeerCount.objects.get(area_code="E23000029")
    assert (tv.count, tv.period_end) == (1483, date(2018, 12, 1))
    # Footnote digits are dropped from names ("Greater Manchester8"), separators from counts.
    assert PeerCount.objects.get(area_name="Greater Manchester").count == 3614
    assert PeerCount.objects.count() + len(skipped) >= 43
    assert PeerCount.objects.count() >= 40


def test_figures_carry_the_peer_rank(reference, run_import, tmp_path):
    from dashboard.selectors import trend_figure_for
    from dashboard.services import trends_recompute
    from incidents.selectors import area_get
    from tests.factories import TV_2019_01

    load(
        TABLE.replace("2024-12", "2019-01")
        .replace("2023-12", "2018-01")
        .replace("2022-12", "2017-01")
    )
    run_import(TV_2019_01)
    trends_recompute()
    # Peer tables rank any measure the table names; here the force's robbery figure has none.
    figure = trend_figure_for(measure="robbery", area=area_get(code="E23000029"))
    assert figure["peer_rank_12m"] is None
    rank = peer_rank(measure="knife-crime", area_code="E23000029", period_end=date(2019, 1, 1))
    assert (rank.rank, rank.of) == (2, 3)
