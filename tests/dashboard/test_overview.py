"""The overview: a headline tile per measure, suppression, and a fresh page after a recompute."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from dashboard.services import trends_recompute
from incidents.formats import PARTNERSHIP_HEADER
from mkviolence.roles import BOARD_MEMBER
from tests.dashboard.test_recompute import months, partnership_rows
from tests.incidents.conftest import write_file

pytestmark = pytest.mark.django_db
HEADER = ",".join(PARTNERSHIP_HEADER)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()


def test_tiles_show_the_latest_figures_with_their_headline(client, make_user, reference,
                                                           run_import, tmp_path):  # fmt: skip
    plan = {mo: 1 for mo in months("2022-01", 12)} | {mo: 2 for mo in months("2023-01", 12)}
    run_import(write_file(tmp_path / "p.csv", partnership_rows(plan), header=HEADER))
    trends_recompute()
    client.force_login(make_user(BOARD_MEMBER))
    page = client.get(reverse("home")).content.decode()
    assert "Knife crime in Milton Keynes: 24 offences in the 12 months to December 2023" in page
    assert "+100%" in page and "December 2023" in page
    assert "No figures yet" not in page


def test_small_counts_never_reach_the_page(client, make_user, reference, run_import, tmp_path):
    plan = {mo: 0 for mo in months("2023-01", 12)}
    plan["2023-01"] = plan["2023-12"] = 1
    run_import(write_file(tmp_path / "p.csv", partnership_rows(plan), header=HEADER))
    trends_recompute()
    client.force_login(make_user(BOARD_MEMBER))
    page = client.get(reverse("home")).content.decode()
    assert "&lt;5" in page and "fewer than 5 offences" in page
    assert "2 offences" not in page


def test_a_recompute_invalidates_the_cached_page(client, make_user, reference, run_import,
                                                 tmp_path):  # fmt: skip
    run_import(
        write_file(
            tmp_path / "a.csv",
            partnership_rows({mo: 1 for mo in months("2023-01", 12)}),
            header=HEADER,
        )
    )  # noqa: E501
    trends_recompute()
    client.force_login(make_user(BOARD_MEMBER))
    assert "12 offences in the 12 months" in client.get(reverse("home")).content.decode()
    more = partnership_rows({"2023-12": 3})
    run_import(
        write_file(tmp_path / "b.csv", [m.replace("K", "L", 1) for m in more], header=HEADER)
    )
    assert "12 offences in the 12 months" in client.get(reverse("home")).content.decode()  # cached
    trends_recompute()
    assert "15 offences in the 12 months" in client.get(reverse("home")).content.decode()


def test_without_figures_the_page_says_what_to_upload(client, make_user):
    client.force_login(make_user(BOARD_MEMBER))
    page = client.get(reverse("home")).content.decode()
    assert "No figures yet" in page and "upload" in page
