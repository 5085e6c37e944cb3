"""The partnership's strategy: partner organisations, the strategy, its priorities and the
actions that deliver them, with every status change kept as an ``ActionUpdate``.

An action names the measures it is meant to move by slug (``measures``), so the strategy app
never imports the dashboard; pages that show a measure's trend beside an action embed it."""

from __future__ import annotations

from typing import Any

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.tracking import tracked


@tracked()
class PartnerOrganisation(models.Model):
    class Sector(models.TextChoices):
        POLICE = "police", _("Police")
        LOCAL_AUTHORITY = "local-authority", _("Local authority")
        HEALTH = "health", _("Health")
        EDUCATION = "education", _("Education")
        PROBATION = "probation", _("Probation")
        YOUTH_JUSTICE = "youth-justice", _("Youth justice")
        FIRE = "fire", _("Fire and rescue")
        VOLUNTARY = "voluntary", _("Voluntary and community sector")
        OTHER = "other", _("Other")

    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=32, choices=Sector.choices)
    specified_authority = models.BooleanField(
        default=False,
        help_text=_(
            "A specified authority under the Serious Violence Duty (police, justice, fire, "
            "health, local authority), rather than a relevant or voluntary partner."
        ),
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@tracked()
class Strategy(models.Model):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    is_current = models.BooleanField(
        default=True, help_text=_("The strategy the overview and the board pack report on.")
    )
    next_board_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("The next board meeting: coordinators get a digest the week before."),
    )

    class Meta:
        ordering = ["-starts_on"]
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.title


@tracked()
class Priority(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["strategy", "order", "id"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    """Shown as RAG: on track green, at risk amber, off track red."""

    NOT_STARTED = "not-started", _("Not started")
    ON_TRACK = "on-track", _("On track")
    AT_RISK = "at-risk", _("At risk")
    OFF_TRACK = "off-track", _("Off track")
    COMPLETE = "complete", _("Complete")


class ActionQuerySet(models.QuerySet["Action"]):
    def open(self) -> ActionQuerySet:
        return self.exclude(status=ActionStatus.COMPLETE)

    def overdue(self, *, today) -> ActionQuerySet:  # noqa: ANN001 - a date
        return self.open().filter(due_on__lt=today)

    def of_current_strategy(self) -> ActionQuerySet:
        return self.filter(priority__strategy__is_current=True)


@tracked()
class Action(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    # The strategy of the priority, kept here so a reference is unique within a strategy.
    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="actions", null=True, editable=False
    )
    reference = models.CharField(
        max_length=32,
        blank=True,
        help_text=_(
            "The action's key in the action plan spreadsheet, e.g. P1.3; unique in its strategy."
        ),
    )
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    lead_partner = models.ForeignKey(
        PartnerOrganisation, on_delete=models.PROTECT, related_name="actions_led"
    )
    supporting_partners = models.ManyToManyField(
        PartnerOrganisation, blank=True, related_name="actions_supported"
    )
    owner = models.CharField(max_length=200, blank=True, help_text=_("The person accountable."))
    owner_email = models.EmailField(blank=True, help_text=_("Where reminders go."))
    starts_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(default=0, help_text=_("Percent done, 0–100."))
    measures = models.JSONField(
        default=list, blank=True, help_text=_("Slugs of the measures this action should move.")
    )
    places = models.JSONField(
        default=list,
        blank=True,
        help_text=_(
            "GSS codes of the neighbourhoods (LSOAs) or wards this action targets: its page "
            "shows whether they are still hot spots."
        ),
    )
    # [{"title": ..., "url": ...}]: reports, minutes, data that show the work was done.
    evidence = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    # Not stored: the board's selector fills these in for display.
    overdue: bool
    latest_note: Any

    class Meta:
        ordering = ["priority", "due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="action_progress_max_100"),
            models.UniqueConstraint(
                fields=["strategy", "reference"],
                condition=~Q(reference=""),
                name="action_reference_unique_in_strategy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.strategy_id = Priority.objects.values_list("strategy_id", flat=True).get(
            pk=self.priority_id
        )
        if kwargs.get("update_fields") is not None and "priority" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "strategy"}
        super().save(*args, **kwargs)


@tracked(model_name="ActionSupportingPartnerEvent")
class ActionSupportingPartner(Action.supporting_partners.through):  # type: ignore[name-defined]
    """History of which partners support an action (the many-to-many's own rows)."""

    class Meta:
        proxy = True
        verbose_name = "supporting partner of an action"


@tracked()
class Milestone(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)

    class Meta:
        ordering = ["action", "due_on", "id"]

    def __str__(self) -> str:
        return self.title


@tracked()
class ActionUpdate(models.Model):
    """One change to an action: who, when, the status before and after, and why."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    made_at = models.DateTimeField(auto_now_add=True)
    old_status = models.CharField(max_length=16, choices=ActionStatus.choices)
    new_status = models.CharField(max_length=16, choices=ActionStatus.choices)
    progress = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(blank=True)
    # Every field the update changed: {"due_on": ["2026-03-31", "2026-06-30"], ...}, before and
    # after as text. History is never rewritten: an earlier due date stays in its update.
    changes = models.JSONField(default=dict, blank=True)
    # Not stored: the history selector fills it in, (label, before, after) a changed field.
    change_list: list[tuple[str, Any, Any]]
    via = models.CharField(
        max_length=16, default="page", help_text=_("page, import, admin, api or demo.")
    )

    class Meta:
        ordering = ["action", "-made_at", "-id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.old_status} → {self.new_status}"


@tracked()
class BoardMeeting(models.Model):
    """A partnership board meeting, with a snapshot of every action of the strategy as it stood
    when the meeting was recorded: later edits never change it."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    # {action id: {"reference", "title", "status", "progress", "due_on"}}
    snapshot = models.JSONField(default=dict)

    class Meta:
        ordering = ["strategy", "-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "held_on"], name="meeting_unique_date")
        ]
        # Recorded once, never overwritten: whatever writes, the database refuses the change.
        triggers = [
            pgtrigger.ReadOnly(
                name="snapshot_read_only",
                fields=["strategy", "held_on", "snapshot", "recorded_at"],
            )
        ]

    def __str__(self) -> str:
        return f"{self.strategy} board, {self.held_on:%d %b %Y}"


class EmailSent(models.Model):
    """Each reminder and digest sent, once a kind, recipient and period (a week, a meeting):
    a retried or repeated beat never sends the same one twice."""

    kind = models.CharField(max_length=32)  # "reminder" or "digest"
    recipient = models.EmailField()
    period = models.CharField(max_length=32, help_text=_("ISO week, or the meeting's date."))
    subject = models.CharField(max_length=300)
    actions = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient", "period"], name="email_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient} ({self.period})"
