"""An illustrative strategy for the demo (`make run`): real kinds of partner, made-up actions.

Dates are relative to today so the demo always has actions due soon and a few overdue. Loaded
once: a strategy with the demo title already present is left as it is."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from .models import Action, ActionStatus, ActionUpdate, PartnerOrganisation, Priority, Strategy
from .services import (
    action_create,
    action_update,
    board_meeting_record,
    strategy_make_current,
)

DEMO_TITLE = "Serious Violence Reduction Strategy (demo)"
P = PartnerOrganisation.Sector
PARTNERS = [
    ("Thames Valley Police", P.POLICE, True),
    ("Milton Keynes City Council", P.LOCAL_AUTHORITY, True),
    ("Milton Keynes University Hospital", P.HEALTH, True),
    ("Thames Valley Violence Reduction Unit", P.OTHER, False),
    ("Probation Service", P.PROBATION, True),
    ("Youth Justice Service", P.YOUTH_JUSTICE, True),
    ("Buckinghamshire Fire and Rescue", P.FIRE, True),
    ("Schools and colleges", P.EDUCATION, False),
    ("Community youth charities", P.VOLUNTARY, False),
]
S = ActionStatus
PREVENT = "Prevent young people being drawn into violence"
DISRUPT = "Disrupt knife crime and county lines"
SUPPORT = "Support victims and reach them early"
UNDERSTAND = "Understand the problem together"
# priority, title, lead, supporting, status, progress, due in days from today, measures
ACTIONS = [
    (
        PREVENT,
        "Mentoring for 11–17 year olds excluded or at risk of exclusion",
        "Youth Justice Service",
        ["Schools and colleges", "Community youth charities"],
        S.ON_TRACK,
        60,
        120,
        ["knife-crime-under-25"],
    ),
    (
        PREVENT,
        "Knife-crime education sessions in every secondary school",
        "Schools and colleges",
        ["Thames Valley Police"],
        S.AT_RISK,
        35,
        45,
        ["knife-crime-under-25"],
    ),
    (
        PREVENT,
        "Detached youth work in the three wards with most knife crime",
        "Community youth charities",
        ["Milton Keynes City Council"],
        S.OFF_TRACK,
        20,
        -30,
        ["knife-crime"],
    ),
    (
        PREVENT,
        "Trusted-adult training for youth club and sports coaches",
        "Community youth charities",
        ["Youth Justice Service"],
        S.ON_TRACK,
        45,
        160,
        ["knife-crime-under-25"],
    ),
    (
        PREVENT,
        "Summer holiday activities in the evening hours",
        "Milton Keynes City Council",
        ["Community youth charities", "Buckinghamshire Fire and Rescue"],
        S.COMPLETE,
        100,
        -90,
        ["serious-violence"],
    ),
    (
        DISRUPT,
        "Targeted weapons sweeps and knife-arch operations",
        "Thames Valley Police",
        ["Milton Keynes City Council"],
        S.COMPLETE,
        100,
        -60,
        ["possession-of-weapons"],
    ),
    (
        DISRUPT,
        "County lines exploitation: joint disruption panel meets monthly",
        "Thames Valley Police",
        ["Youth Justice Service", "Probation Service"],
        S.ON_TRACK,
        70,
        200,
        ["drugs"],
    ),
    (
        DISRUPT,
        "Test purchases of knives at local retailers",
        "Milton Keynes City Council",
        ["Thames Valley Police"],
        S.NOT_STARTED,
        0,
        90,
        ["knife-crime"],
    ),
    (
        DISRUPT,
        "Knife amnesty bins at four community sites",
        "Thames Valley Police",
        ["Milton Keynes City Council"],
        S.ON_TRACK,
        80,
        25,
        ["possession-of-weapons"],
    ),
    (
        DISRUPT,
        "Offender management for people convicted of knife offences",
        "Probation Service",
        ["Thames Valley Police"],
        S.AT_RISK,
        40,
        75,
        ["knife-crime"],
    ),
    (
        SUPPORT,
        "Hospital youth navigators in the emergency department",
        "Milton Keynes University Hospital",
        ["Thames Valley Violence Reduction Unit"],
        S.ON_TRACK,
        80,
        150,
        ["hospital-knife-assault"],
    ),
    (
        SUPPORT,
        "Share anonymised A&E assault data monthly (ISTV)",
        "Milton Keynes University Hospital",
        ["Milton Keynes City Council"],
        S.AT_RISK,
        50,
        -10,
        ["hospital-knife-assault"],
    ),
    (
        SUPPORT,
        "Bleed control kits in licensed premises",
        "Buckinghamshire Fire and Rescue",
        ["Milton Keynes City Council"],
        S.ON_TRACK,
        65,
        110,
        ["serious-violence"],
    ),
    (
        SUPPORT,
        "Family support after a young person is stabbed",
        "Milton Keynes City Council",
        ["Milton Keynes University Hospital", "Community youth charities"],
        S.NOT_STARTED,
        0,
        180,
        ["knife-crime-under-25"],
    ),
    (
        SUPPORT,
        "Victim referral pathway from custody suites",
        "Thames Valley Police",
        ["Community youth charities"],
        S.OFF_TRACK,
        15,
        -45,
        ["serious-violence"],
    ),
    (
        UNDERSTAND,
        "Refresh the strategic needs assessment",
        "Thames Valley Violence Reduction Unit",
        ["Thames Valley Police", "Milton Keynes City Council"],
        S.COMPLETE,
        100,
        -120,
        ["serious-violence"],
    ),
    (
        UNDERSTAND,
        "Publish the serious violence dashboard to the partnership board",
        "Milton Keynes City Council",
        ["Thames Valley Police"],
        S.ON_TRACK,
        90,
        30,
        ["serious-violence"],
    ),
    (
        UNDERSTAND,
        "Agree the data-sharing agreement for all specified authorities",
        "Milton Keynes City Council",
        ["Thames Valley Police", "Milton Keynes University Hospital", "Probation Service"],
        S.COMPLETE,
        100,
        -200,
        ["serious-violence"],
    ),
    (
        UNDERSTAND,
        "Community survey of feelings of safety in the city centre",
        "Thames Valley Violence Reduction Unit",
        ["Community youth charities"],
        S.ON_TRACK,
        30,
        240,
        ["serious-violence"],
    ),
    (
        UNDERSTAND,
        "Annual review of the strategy with young people's voices",
        "Thames Valley Violence Reduction Unit",
        ["Youth Justice Service", "Schools and colleges"],
        S.NOT_STARTED,
        0,
        130,
        ["knife-crime-under-25"],
    ),
]
# Notes the demo history uses when an action is at risk or off track.
TROUBLE = {
    S.AT_RISK: "Staffing gap since the autumn; recovery plan agreed with the lead partner.",
    S.OFF_TRACK: "Provider withdrew; the lead partner is re-procuring and will report back.",
}
# (action index, days before today, new due date in days from today, reason): the demo's two
# due-date moves, both on the detached youth work, so its page says "moved 2 times".
DUE_MOVES = [
    (2, 200, -90, "Recruitment of youth workers took three months longer than planned."),
    (2, 40, -30, "Agreed at the board: delivery now follows the new provider's start."),
]


@transaction.atomic
def strategy_demo_load(*, today: date) -> Strategy:
    """The demo strategy with a year of history, as ``services`` would have recorded it, and
    board meetings four months and one month ago."""
    existing = Strategy.objects.filter(title=DEMO_TITLE).first()
    if existing is not None:
        return existing
    partners = {}
    for name, sector, specified in PARTNERS:
        partners[name], _ = PartnerOrganisation.objects.get_or_create(
            name=name, defaults={"sector": sector, "specified_authority": specified}
        )
    strategy = Strategy.objects.create(
        title=DEMO_TITLE,
        description="Illustrative actions for the demo; not the partnership's real plan.",
        starts_on=date(today.year - 2, 4, 1),
        ends_on=date(today.year + 1, 3, 31),
        next_board_on=today + timedelta(days=30),
    )
    strategy_make_current(strategy=strategy)

    def dated(update: ActionUpdate | None, days_ago: int) -> None:
        if update is not None:
            when = timezone.now() - timedelta(days=days_ago)
            ActionUpdate.objects.filter(pk=update.pk).update(made_at=when)

    priorities: dict[str, Priority] = {}
    actions: list[Action] = []
    for title, action_title, lead, supporting, _, _, due_in, measures in ACTIONS:
        if title not in priorities:
            priorities[title] = Priority.objects.create(
                strategy=strategy, title=title, order=len(priorities) + 1
            )
        number = sum(1 for a in actions if a.priority_id == priorities[title].pk) + 1
        first_due = next((d for i, _, d, _ in DUE_MOVES if i == len(actions)), None)
        action = action_create(
            priority=priorities[title],
            title=action_title,
            lead_partner=partners[lead],
            reference=f"P{priorities[title].order}.{number}",
            owner=f"{lead} lead",
            owner_email=f"{slugify(lead)}@example.org",
            starts_on=strategy.starts_on,
            measures=measures,
            via="demo",
            due_on=today + timedelta(days=(due_in - 150) if first_due is not None else due_in),
            supporting_partners=[partners[p] for p in supporting],
            note="Agreed at the strategy launch.",
        )
        dated(action.updates.first(), 360)
        actions.append(action)
    # Four months of work, then the first board meeting.
    for action, spec in zip(actions, ACTIONS, strict=True):
        if spec[4] != S.NOT_STARTED:
            dated(
                action_update(
                    action_id=action.pk,
                    status=S.ON_TRACK,
                    progress=spec[5] // 3,
                    note="Work under way.",
                    via="demo",
                ),
                300,
            )
    _move_due_dates(actions, today, dated, window=(120, 365))
    board_meeting_record(strategy=strategy, held_on=today - timedelta(days=120), today=today)
    # The months since: where each action stands at the last board, a month ago.
    for action, spec in zip(actions, ACTIONS, strict=True):
        status, progress = spec[4], spec[5]
        if status == S.NOT_STARTED:
            continue
        interim = S.ON_TRACK if status in TROUBLE else status
        dated(
            action_update(
                action_id=action.pk,
                status=interim,
                progress=progress if status not in TROUBLE else min(progress + 10, 95),
                note="Update for the board.",
                via="demo",
            ),
            45,
        )
    _move_due_dates(actions, today, dated, window=(30, 120))
    board_meeting_record(strategy=strategy, held_on=today - timedelta(days=30), today=today)
    # Since the last board: the actions now at risk or off track slipped.
    for action, spec in zip(actions, ACTIONS, strict=True):
        if spec[4] in TROUBLE:
            dated(
                action_update(
                    action_id=action.pk,
                    status=spec[4],
                    progress=spec[5],
                    note=TROUBLE[spec[4]],
                    via="demo",
                ),
                10,
            )
    return strategy


def _move_due_dates(
    actions: list[Action], today: date, dated: Any, *, window: tuple[int, int]
) -> None:
    """The due-date moves made between ``window`` days ago (newest, oldest]."""
    for index, days_ago, due_in, reason in DUE_MOVES:
        if window[0] < days_ago <= window[1]:
            due = today + timedelta(days=due_in)
            dated(
                action_update(action_id=actions[index].pk, due_on=due, note=reason, via="demo"),
                days_ago,
            )
