"""Alerts: what board members and coordinators asked to hear about (subscriptions per measure
and area), what happened (alerts, each recorded once under a natural key), who gets each
(deliveries) and the e-mails that carried them; the board pack's e-mail schedule.

Alerts are made from board-ready figures (after suppression), so none says more than a board
page shows."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models import Area


class Direction(models.TextChoices):
    ABOVE = "above", _("goes above")
    BELOW = "below", _("goes below")


class ThresholdFigure(models.TextChoices):
    RATE = "rate", _("Rate (in the measure's unit, e.g. per 100,000 residents)")
    ROLLING_12M = "rolling_12m", _("Number in 12 months")
    CHANGE_12M = "change_12m_pct", _("Change on the previous 12 months (%)")


class AlertSubscription(models.Model):
    """One person's alerts for one measure in one area: when a change becomes (or stops being)
    statistically significant, when a new month of data arrives, and, if set, when a figure
    crosses their threshold. A threshold resets once the figure is back past ``threshold_reset``
    (hysteresis), so a figure hovering at the line does not send an alert a month."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_subscriptions"
    )
    measure = models.CharField(max_length=64)
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    significance = models.BooleanField(
        default=True,
        help_text=_("When a 12-month or two-year change becomes significant or stops."),
    )
    new_data = models.BooleanField(
        default=True, help_text=_("When a new month of the measure's data arrives.")
    )
    threshold_figure = models.CharField(max_length=32, choices=ThresholdFigure.choices, blank=True)
    threshold_direction = models.CharField(
        max_length=8, choices=Direction.choices, default=Direction.ABOVE
    )
    threshold_value = models.FloatField(null=True, blank=True)
    threshold_reset = models.FloatField(
        null=True,
        blank=True,
        help_text=_("The alert resets once the figure is back past this (default: 10% back)."),
    )
    # What the last evaluation saw: "" not yet, "clear" or "crossed"; and how many times it
    # changed, which keys each threshold alert (recorded once).
    threshold_state = models.CharField(max_length=8, blank=True)
    threshold_changes = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["measure", "area__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "measure", "area"], name="alert_subscription_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.measure} {self.area_id}"


class Alert(models.Model):
    class Kind(models.TextChoices):
        SIGNIFICANCE = "significance", _("Significance")
        THRESHOLD = "threshold", _("Threshold")
        NEW_DATA = "new-data", _("New data")

    # The natural key of what happened (e.g. "significance:knife-crime:E06000042:12:2025-01:up"):
    # an evaluation run twice records it once.
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    measure = models.CharField(max_length=64, blank=True)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(null=True, blank=True)
    # A threshold alert is one person's (their threshold); the others are everyone's.
    subscription = models.ForeignKey(
        AlertSubscription, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True, help_text=_("A path on this site."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class AlertEmail(models.Model):
    """An e-mail sent: a digest of alerts, or the board pack before a meeting. ``key`` is unique,
    so the same e-mail is never recorded (or sent) twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16)  # "digest" or "board-pack"
    key = models.CharField(max_length=200, unique=True)
    subject = models.CharField(max_length=300)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.kind} to {self.user_id}: {self.subject}"


class AlertDelivery(models.Model):
    """An alert for one person: on their alerts page at once, by e-mail in the next digest."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    email = models.ForeignKey(
        AlertEmail, null=True, blank=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "user"], name="alert_delivery_once")
        ]
        indexes = [models.Index(fields=["user", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.alert_id} to {self.user_id}"


class AlertState(models.Model):
    """What the last evaluation saw of one thing it watches: a change's significance
    ("significance:<measure>:<area code>:<span>" -> up, down or none) or a source's latest
    month ("latest:<source>" -> YYYY-MM). The next evaluation compares with it."""

    key = models.CharField(max_length=200, unique=True)
    value = models.CharField(max_length=16)
    month = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.key} = {self.value}"


class BoardPackSchedule(models.Model):
    """When the board pack goes to board members by e-mail: ``days_before`` each board meeting
    (the current strategy's next board date), set by a coordinator."""

    enabled = models.BooleanField(default=True)
    days_before = models.PositiveSmallIntegerField(default=3)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"board pack {self.days_before} days before ({'on' if self.enabled else 'off'})"
