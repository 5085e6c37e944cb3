"""The "How we compare" page, its exports and the board pack's comparison, for a board member,
on real police.uk rows (``national_year``)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import exported_rows, exported_value

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("national_year_shared")]
URL = reverse("compare")


def test_the_page_says_in_a_sentence_how_we_compare(national_year, board):
    page = board.get(URL).content.decode()
    headline = re.search(r'<p class="headline">([^<]+)</p>', page)[1]
    assert headline.startswith("Violence and sexual offences in Milton Keynes rose")
    assert "in the 12 months to September 2022 (95% interval" in headline
    assert re.search(
        r"the \d+(st|nd|rd|th) largest rise of \d+ local authorities "
        r"\(plausibly \d+(st|nd|rd|th) to \d+(st|nd|rd|th)\)",
        headline,
    ), headline
    assert "Source: data.police.uk street-level crime, data to September 2022" in page
    # Areas without a whole year are listed, with why.
    assert re.search(r"\d+ areas were left out: their 12 months lack data", page)
    assert "City of London: no data for October 2021 to August 2022" in page


@pytest.mark.parametrize("among", ["local-authority", "csp", "force"])
def test_each_level_compares_the_partnerships_own_area(national_year, board, among):
    response = board.get(URL, {"among": among, "measure": "possession-of-weapons"})
    assert response.status_code == 200
    page = response.content.decode()
    name = {"local-authority": "Milton Keynes", "csp": "Milton Keynes", "force": "Thames Valley"}
    assert "How we compare: Possession of weapons" in page
    assert name[among] in page


def test_the_tables_hide_small_counts_and_export_what_they_show(national_year, board):
    rows = exported_rows(board.get(URL, {"measure": "robbery", "export": "funnel"}))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Area", "Residents", "Offences in 12 months", "Rate per 1,000 residents"]
    counts = [exported_value(r[2]) for r in body]
    shown = [c for c in counts if isinstance(c, float)]
    assert shown and all(c == 0 or c >= 5 for c in shown)
    assert "<5" in counts  # some authorities had a handful of robberies
    for r in body:
        if r[2] == "<5":
            assert r[3] == "<5"  # a rate would give the count away
    ranking = exported_rows(board.get(URL, {"measure": "robbery", "export": "ranking"}))
    assert ranking[0] == ["Rank", "Area", "Change", "Plausible ranks (95%)"]
    assert any(r[1] == "Milton Keynes" for r in ranking[1:])


def test_the_api_gives_the_commands_comparison_and_every_area(national_year, api_client):
    import json
    from io import StringIO

    from django.core.management import call_command

    from mkviolence.roles import ANALYST, BOARD_MEMBER

    query = {"measure": "robbery", "area": "E06000042", "month": "2022-09"}
    analyst = api_client(ANALYST).get(reverse("api:comparisons"), query).json()
    out = StringIO()
    call_command(
        "figures",
        "--measure",
        "robbery",
        "--area",
        "E06000042",
        "--month",
        "2022-09",
        "--json",
        stdout=out,
    )
    assert analyst["compare"] == json.loads(out.getvalue())["compare"]
    by_code = {a["code"]: a for a in analyst["areas"]}
    assert by_code["E09000001"]["no_data_months"][0] == "2021-10"  # the City: left out
    small = [a for a in analyst["areas"] if a["count"] is not None and 0 < a["count"] < 5]
    assert small, "some authorities had a handful of robberies"
    board = {
        a["code"]: a
        for a in api_client(BOARD_MEMBER).get(reverse("api:comparisons"), query).json()["areas"]
    }
    for area in small:
        shown = board[area["code"]]
        assert shown["count"] is None and shown["rate"] is None and shown["suppressed"] == "<5"


def test_the_board_pack_says_how_we_compare_for_every_police_measure(national_year, board):
    pack = board.get(reverse("board-pack")).content.decode()
    assert "How we compare among the community safety partnerships of England and Wales" in pack
    rows = exported_rows(board.get(reverse("board-pack"), {"export": "how-we-compare"}))
    assert rows[0] == [
        "Measure",
        "Rate",
        "Per",
        "Compared with England and Wales",
        "Rank of the 12-month rise",
        "Against similar areas",
    ]
    assert [r[0] for r in rows[1:]] == [
        "Violence and sexual offences",
        "Possession of weapons",
        "Robbery",
        "Drug offences",
    ]
    for row in rows[1:]:
        assert re.fullmatch(
            r"\d+(st|nd|rd|th) of \d+ \(plausibly \d+(st|nd|rd|th) to \d+(st|nd|rd|th)\)", row[4]
        ), row
    # Each sentence is the comparison page's among partnerships, and says the same rank.
    page = board.get(URL, {"among": "csp", "measure": "robbery"}).content.decode()
    headline = re.search(r'<p class="headline">([^<]+)</p>', page)[1]
    assert headline in pack.replace("&#x27;", "'")
    robbery = next(r for r in rows if r[0] == "Robbery")
    rank = re.match(r"(\d+\w\w) of (\d+)", robbery[4])
    assert f"{rank[2]} community safety partnerships" in headline
