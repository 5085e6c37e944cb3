"""The overview: a headline tile per measure, suppression, and a fresh page after a recompute."""

import pytest
from django.urls import reverse

from dashboard.services import trends_recompute
from mkviolence.roles import BOARD_MEMBER
from tests.factories import months, partnership_rows

pytestmark = pytest.mark.django_db


def test_tiles_show_the_latest_figures_with_their_headline(
    client, make_user, reference, import_partnership
):
    # Months of 5 then 10: none small, so nothing needs hiding. (Months of 1 then 2 would not
    # do: 12 in a year of "<5" months gives away that each month held exactly 1.)
    plan = {mo: 5 for mo in months("2022-01", 12)} | {mo: 10 for mo in months("2023-01", 12)}
    import_partnership(partnership_rows(plan))
    trends_recompute()
    client.force_login(make_user(BOARD_MEMBER))
    page = client.get(reverse("home")).content.decode()
    assert "Knife crime in Milton Keynes: 120 offences in the 12 months to December 2023" in page
    assert "+100%" in page and "December 2023" in page
    assert "No figures yet" not in page


def test_small_counts_never_reach_the_page(client, make_user, reference, import_partnership):
    plan = {mo: 0 for mo in months("2023-01", 12)}
    plan["2023-01"] = plan["2023-12"] = 1
    import_partnership(partnership_rows(plan), period=("2023-01", "2023-12"))
    trends_recompute()
    client.force_login(make_user(BOARD_MEMBER))
    page = client.get(reverse("home")).content.decode()
    assert "&lt;5" in page and "fewer than 5 offences" in page
    assert "2 offences" not in page


def test_a_recompute_invalidates_the_cached_page(client, make_user, reference, import_partnership):
    import_partnership(partnership_rows({mo: 5 for mo in months("2023-01", 12)}))
    trends_recompute()
    client.force_login(make_user(BOARD_MEMBER))
    assert "60 offences in the 12 months" in client.get(reverse("home")).content.decode()
    import_partnership(partnership_rows({"2023-12": 3}, prefix="L"))
    assert "60 offences in the 12 months" in client.get(reverse("home")).content.decode()  # cached
    trends_recompute()
    assert "63 offences in the 12 months" in client.get(reverse("home")).content.decode()


def test_without_figures_the_page_says_what_to_upload(client, make_user):
    client.force_login(make_user(BOARD_MEMBER))
    page = client.get(reverse("home")).content.decode()
    assert "No figures yet" in page and "upload" in page


def test_every_headline_says_where_its_data_come_from_and_when(
    client, make_user, reference, import_partnership
):
    from django.utils import timezone
    from django.utils.formats import date_format

    from dashboard.headlines import figure_with_headline
    from dashboard.selectors import trend_figure_for
    from incidents.selectors import area_get

    import_partnership(partnership_rows({mo: 5 for mo in months("2023-01", 12)}))
    trends_recompute()
    today = date_format(timezone.localdate(), "j F Y")
    sourced = f"Source: the partnership's incident data, data to December 2023, imported {today}."
    client.force_login(make_user(BOARD_MEMBER))
    for url in (reverse("home"), reverse("measure", args=["knife-crime"]), reverse("board-pack")):
        assert sourced in client.get(url).content.decode().replace("&#x27;", "'"), url
    figure = trend_figure_for(measure="knife-crime", area=area_get(code="E06000042"))
    assert figure["source"] == "partnership" and figure["imported_at"].startswith(
        str(timezone.now().year)
    )
    assert figure_with_headline(figure, threshold=5)["source_text"] == sourced


def test_the_page_says_each_sources_rule_for_small_counts(
    client, make_user, reference, import_partnership, settings
):
    """police.uk and partnership counts under 5 read "<5", hospital counts under 8 read "<8":
    the page says so for each source (and follows the settings), never "1 to 4" for all."""
    settings.SUPPRESSION_THRESHOLD = 10
    import_partnership(partnership_rows({mo: 5 for mo in months("2023-01", 12)}))
    trends_recompute()
    client.force_login(make_user(BOARD_MEMBER))
    page = client.get(reverse("home")).content.decode()
    assert (
        "Small counts are shown as “&lt;10” for police.uk data, “&lt;5” for partnership data "
        "and “&lt;8” for hospital data, to protect the people involved."
    ) in page
    assert "Counts from 1 to 4" not in page
