"""The cache generation describes the data: it moves on inside the transaction that changes the
figures, so no page or suppression mark is ever cached under a generation it does not match,
however recomputes interleave."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections
from django.urls import reverse

from dashboard.selectors import figures_generation
from dashboard.services import trends_recompute
from mkviolence.roles import BOARD_MEMBER
from tests.factories import months, partnership_rows

pytestmark = pytest.mark.django_db(transaction=True)


def _headline(client) -> str:
    page = client.get(reverse("measure", args=["knife-crime"])).content.decode()
    start = page.index("Knife crime in Milton Keynes:")
    return page[start : page.index(".", start)]


def test_a_recompute_that_commits_after_a_later_one_still_refreshes_the_pages(
    reference, import_partnership, client, make_user
):
    import_partnership(partnership_rows({mo: 6 for mo in months("2022-01", 24)}))
    trends_recompute()
    client.force_login(make_user(BOARD_MEMBER))
    assert "72 offences in the 12 months to December 2023" in _headline(client)
    import_partnership(partnership_rows({mo: 1 for mo in months("2023-01", 12)}, prefix="N"))

    # A knife-crime recompute starts first and waits (another holds its measure's lock) ...
    holder = connections.create_connection("default")
    holder.connect()
    finished = threading.Event()

    def knife_recompute() -> None:
        try:
            trends_recompute(measures=["knife-crime"])
        finally:
            connection.close()
            finished.set()

    with holder.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('trends:knife-crime'))")
        thread = threading.Thread(target=knife_recompute)
        thread.start()
        time.sleep(1)
        # ... while a recompute of another measure, started later, finishes first.
        trends_recompute(measures=["robbery"])
        assert not finished.is_set()
        between = figures_generation()
        assert "72 offences" in _headline(client)  # cached under this generation
        cursor.execute("COMMIT")
    thread.join(timeout=60)
    holder.close()
    assert finished.is_set()
    assert figures_generation() != between
    assert "84 offences in the 12 months to December 2023" in _headline(client)


def test_the_generation_moves_on_with_every_recompute(reference, import_partnership):
    import_partnership(partnership_rows({mo: 2 for mo in months("2023-01", 12)}))
    generations = [figures_generation()]
    for _ in range(3):
        trends_recompute(measures=["knife-crime"])
        generations.append(figures_generation())
    assert len(set(generations)) == 4 and generations == sorted(generations)
