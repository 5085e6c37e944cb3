"""An illustrative strategy for the demo (`make run`): real kinds of partner, made-up actions.

Dates are relative to today so the demo always has actions due soon and a few overdue. Loaded
once: a strategy with the demo title already present is left as it is."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from .models import Action, ActionStatus, ActionUpdate, PartnerOrganisation, Priority, Strategy

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
# priority, title, lead, supporting, status, progress, due in days from today, measures
ACTIONS = [
    ("Prevent young people being drawn into violence",
     "Mentoring for 11–17 year olds excluded or at risk of exclusion", "Youth Justice Service",
     ["Schools and colleges", "Community youth charities"], S.ON_TRACK, 60, 120,
     ["knife-crime-under-25"]),
    ("Prevent young people being drawn into violence",
     "Knife-crime education sessions in every secondary school", "Schools and colleges",
     ["Thames Valley Police"], S.AT_RISK, 35, 45, ["knife-crime-under-25"]),
    ("Prevent young people being drawn into violence",
     "Detached youth work in the three wards with most knife crime", "Community youth charities",
     ["Milton Keynes City Council"], S.OFF_TRACK, 20, -30, ["knife-crime"]),
    ("Disrupt knife crime and county lines",
     "Targeted weapons sweeps and knife-arch operations", "Thames Valley Police",
     ["Milton Keynes City Council"], S.COMPLETE, 100, -60, ["possession-of-weapons"]),
    ("Disrupt knife crime and county lines",
     "County lines exploitation: joint disruption panel meets monthly", "Thames Valley Police",
     ["Youth Justice Service", "Probation Service"], S.ON_TRACK, 70, 200, ["drugs"]),
    ("Disrupt knife crime and county lines",
     "Test purchases of knives at local retailers", "Milton Keynes City Council",
     ["Thames Valley Police"], S.NOT_STARTED, 0, 90, ["knife-crime"]),
    ("Support victims and reach them early",
     "Hospital youth navigators in the emergency department", "Milton Keynes University Hospital",
     ["Thames Valley Violence Reduction Unit"], S.ON_TRACK, 80, 150,
     ["hospital-knife-assault"]),
    ("Support victims and reach them early",
     "Share anonymised A&E assault data monthly (ISTV)", "Milton Keynes University Hospital",
     ["Milton Keynes City Council"], S.AT_RISK, 50, -10, ["hospital-knife-assault"]),
    ("Understand the problem together",
     "Refresh the strategic needs assessment", "Thames Valley Violence Reduction Unit",
     ["Thames Valley Police", "Milton Keynes City Council"], S.COMPLETE, 100, -120,
     ["serious-violence"]),
    ("Understand the problem together",
     "Publish the serious violence dashboard to the partnership board",
     "Milton Keynes City Council", ["Thames Valley Police"], S.ON_TRACK, 90, 30,
     ["serious-violence"]),
]  # fmt: skip


@transaction.atomic
def strategy_demo_load(*, today: date) -> Strategy:
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
    )
    priorities: dict[str, Priority] = {}
    for title, action_title, lead, supporting, status, progress, due_in, measures in ACTIONS:
        if title not in priorities:
            priorities[title] = Priority.objects.create(
                strategy=strategy, title=title, order=len(priorities) + 1
            )
        action = Action.objects.create(
            priority=priorities[title], title=action_title, lead_partner=partners[lead],
            owner=f"{lead} lead", starts_on=strategy.starts_on,
            due_on=today + timedelta(days=due_in), status=status, progress=progress,
            measures=measures,
        )  # fmt: skip
        action.supporting_partners.set([partners[p] for p in supporting])
        if status != ActionStatus.NOT_STARTED:
            ActionUpdate.objects.create(
                action=action, old_status=ActionStatus.NOT_STARTED, new_status=status,
                progress=progress, note="Demo: status at the last board meeting.",
            )  # fmt: skip
    return strategy
