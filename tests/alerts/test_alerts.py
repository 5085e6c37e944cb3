"""Alerts after each recompute, e-mailed through a real SMTP server: a change's significance
turning (both ways), a threshold with hysteresis, new data, suppression respected, each alert
recorded and sent once however often the jobs run."""

from __future__ import annotations

import re
from datetime import date

import pytest

from alerts.models import Alert, AlertDelivery, AlertEmail, AlertState, AlertSubscription
from alerts.services import alert_subscription_save, alerts_evaluate, alerts_send
from incidents.models import Area
from mkviolence.roles import BOARD_MEMBER, COORDINATOR
from tests.factories import BLETCHLEY_EAST, MILTON_KEYNES, OLNEY, significant

pytestmark = pytest.mark.django_db
POPULATION = 287_067  # Milton Keynes, Census 2021 (the shipped figures)


def subject(message) -> str:
    return " ".join(message["Subject"].split())  # unfolded


def _area(code: str) -> Area:
    return Area.objects.get(code=code)


def _titles(**filters) -> list[str]:
    return list(Alert.objects.filter(**filters).order_by("id").values_list("title", flat=True))


def test_significance_turning_and_a_threshold_with_hysteresis_by_email(phases, smtp, make_user):
    board = make_user(BOARD_MEMBER, "board")
    board.email = "board@example.org"
    board.save()
    mk = _area(MILTON_KEYNES)
    alert_subscription_save(
        user=board,
        measure="knife-crime",
        area=mk,
        threshold_figure="rate",
        threshold_direction="above",
        threshold_value=60,
        threshold_reset=40,
    )
    # The first look takes the state of every figure and says nothing.
    first = phases(2016, 2017, 2018)
    assert first.alerts == [] and first.figures > 0
    assert AlertState.objects.get(key=f"significance:knife-crime:{MILTON_KEYNES}:12").value == (
        "none"
    )
    assert AlertSubscription.objects.get().threshold_state == "clear"  # 41.8 per 100,000

    # 2019: up 75% on 2018, and on 2017: both changes became significant; the rate crossed 60.
    assert significant(210, 120)
    phases(2019)
    rate = 210 / POPULATION * 100_000
    mine = _titles(area=mk, measure="knife-crime")
    assert mine == [
        "Knife crime in Milton Keynes: the change on the previous 12 months is now statistically "
        "significant, up (+75% in the 12 months to December 2019)",
        "Knife crime in Milton Keynes: the change on two years earlier is now statistically "
        "significant, up (+75% in the 12 months to December 2019)",
        f"Knife crime in Milton Keynes: the rate, {rate:.1f} per 100,000 residents, went above "
        "your threshold of 60 (12 months to December 2019)",
    ]
    # The ward holding every one of them turned as well (an alert for everyone).
    assert len(_titles(area__code=OLNEY, kind="significance")) == 2
    assert alerts_send() == 1
    [digest] = smtp.to("board@example.org")
    # Three alerts of the subscription's measure and area, and the new month of data.
    assert subject(digest).startswith("4 alerts: Knife crime in Milton Keynes: the change on")
    body = digest.get_payload(decode=True).decode()
    for title in mine:
        assert title in body
    assert "https://mkviolence.example.org/measures/knife-crime/" in body
    assert "Olney" not in body  # not subscribed to the ward

    # 2020: 180 against 210 is no longer significant; the rate, 62.7, stays above: no new alert
    # for the threshold, which is still crossed.
    assert not significant(180, 210) and significant(180, 120)
    phases(2020)
    new = _titles(area=mk, measure="knife-crime")[3:]
    assert new == [
        "Knife crime in Milton Keynes: the change on the previous 12 months is no longer "
        "statistically significant (−14% in the 12 months to December 2020)"
    ]
    # 2021: 52.3 per 100,000 is under the threshold but above its reset (40): no alert (no flap).
    assert not significant(150, 180)
    phases(2021)
    assert not Alert.objects.filter(kind="threshold", month=date(2021, 12, 1)).exists()
    # 2022: 34.8 is below 40: the alert resets (and says so); 100 against 150 is significant down.
    assert significant(100, 150)
    phases(2022)
    assert _titles(kind="threshold", area=mk)[1] == (
        f"Knife crime in Milton Keynes: the rate, {100 / POPULATION * 100_000:.1f} per 100,000 "
        "residents, is back below 40, so your alert for 60 is reset (12 months to December 2022)"
    )
    assert any(
        t.startswith(
            "Knife crime in Milton Keynes: the change on the previous 12 months is now "
            "statistically significant, down (−33%"
        )
        for t in _titles(area=mk, month=date(2022, 12, 1))
    )
    # 2023: back above 60: crossed again.
    phases(2023)
    assert len(_titles(kind="threshold", area=mk)) == 3
    assert alerts_send() == 1  # one digest of everything since the last
    assert len(smtp.to("board@example.org")) == 2
    assert not AlertDelivery.objects.filter(user=board, sent_at__isnull=True).exists()


def test_no_alert_reveals_a_count_suppression_hides(phases, smtp, make_user):
    coordinator = make_user(COORDINATOR, "coordinator")
    coordinator.email = "coordinator@example.org"
    coordinator.save()
    for code in (MILTON_KEYNES, BLETCHLEY_EAST):
        alert_subscription_save(
            user=coordinator,
            measure="homicide",
            area=_area(code),
            new_data=False,
            threshold_figure="change_12m_pct",
            threshold_value=100,
        )
    phases(2016, 2017, 2018)
    # Twelve homicides against three: a significant rise, and +300%, which would give the three
    # away: the change is hidden on every board page, so there is no alert of it either.
    assert significant(12, 3)
    phases(2019)
    homicide = Alert.objects.filter(measure="homicide")
    assert not homicide.filter(kind="significance").exists()
    assert not homicide.filter(kind="threshold").exists()
    assert AlertSubscription.objects.filter(threshold_state="").count() == 2  # never seen
    assert AlertDelivery.objects.filter(user=coordinator).count() == 0
    alerts_send()
    assert smtp.to("coordinator@example.org") == []
    # Nothing any alert says holds the hidden count or the change that would reveal it.
    assert not Alert.objects.filter(measure__in=["homicide", "serious-violence"]).exists()
    for alert in Alert.objects.all():
        assert "300%" not in f"{alert.title} {alert.body}"


def test_new_data_is_an_alert_once_and_every_job_can_run_twice(phases, smtp, make_user):
    board = make_user(BOARD_MEMBER, "board")
    board.email = "board@example.org"
    board.save()
    alert_subscription_save(
        user=board, measure="knife-crime", area=_area(MILTON_KEYNES), significance=False
    )
    phases(2016, 2017, 2018)
    result = phases(2019)
    assert _titles(kind="new-data") == [
        "New data: Partnership data up to December 2019 is in the figures"
    ]
    assert result.deliveries == 1  # the new data only: significance was not asked for
    # The evaluation run again (a retried task) records nothing more.
    again = alerts_evaluate()
    assert again.alerts == [] and again.deliveries == 0
    assert alerts_send() == 1
    assert alerts_send() == 0  # the digest task run again sends nothing
    assert len(smtp.to("board@example.org")) == 1
    assert AlertEmail.objects.count() == 1
    assert AlertDelivery.objects.get().sent_at is not None


def test_a_mail_server_that_refuses_sends_nothing_twice(phases, smtp, make_user):
    people = []
    for name in ("ann", "bob"):
        user = make_user(BOARD_MEMBER, name)
        user.email = f"{name}@example.org"
        user.save()
        alert_subscription_save(user=user, measure="knife-crime", area=_area(MILTON_KEYNES))
        people.append(user)
    phases(2016, 2017, 2018)
    phases(2019)
    smtp.refuse_once.add("bob@example.org")
    with pytest.raises(OSError):
        alerts_send()  # Ann's went; Bob's was refused, so it is not marked sent
    assert len(smtp.to("ann@example.org")) == 1 and smtp.to("bob@example.org") == []
    assert alerts_send() == 1  # the retry: Bob only
    assert len(smtp.to("ann@example.org")) == 1 and len(smtp.to("bob@example.org")) == 1
    subjects = {subject(m) for _, m in smtp.messages}
    assert len(subjects) == 1 and re.match(r"\d+ alerts: Knife crime in Milton Keynes", *subjects)
