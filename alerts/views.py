"""The alerts page: recent alerts, one's subscriptions (a form to add or change one), and, for
coordinators, when the board pack is e-mailed to board members."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from dashboard.measures import MEASURES
from strategy.models import Strategy

from .forms import BoardPackScheduleForm, SubscriptionForm
from .selectors import alert_subscriptions_of, alerts_for
from .services import (
    alert_subscription_delete,
    alert_subscription_save,
    board_pack_schedule_get,
    board_pack_schedule_set,
)


def _page(
    request: HttpRequest,
    *,
    form: SubscriptionForm | None = None,
    schedule_form: BoardPackScheduleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user: Any = request.user
    schedule = board_pack_schedule_get()
    context: dict[str, Any] = {
        "alerts": alerts_for(user=user),
        "can_subscribe": user.has_perm("alerts.add_alertsubscription"),
        "can_schedule": user.has_perm("alerts.change_boardpackschedule"),
        "schedule": schedule,
        "next_board": Strategy.objects.filter(is_current=True)
        .values_list("next_board_on", flat=True)
        .first(),
    }
    if context["can_subscribe"]:
        context["form"] = form or SubscriptionForm()
        subscriptions = list(alert_subscriptions_of(user=user))
        for subscription in subscriptions:
            measure = MEASURES.get(subscription.measure)
            subscription.measure_name = str(measure.name) if measure else subscription.measure  # type: ignore[attr-defined]
        context["subscriptions"] = subscriptions
    if context["can_schedule"]:
        context["schedule_form"] = schedule_form or BoardPackScheduleForm(
            initial={"enabled": schedule.enabled, "days_before": schedule.days_before}
        )
    return render(request, "alerts/alerts.html", context, status=status)


@require_GET
@permission_required("alerts.view_alert", raise_exception=True)
def alerts_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@permission_required("alerts.add_alertsubscription", raise_exception=True)
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    data = form.cleaned_data
    subscription = alert_subscription_save(
        user=request.user,
        measure=data["measure"],
        area=form.areas[data["area"]],
        significance=data["significance"],
        new_data=data["new_data"],
        threshold_figure=data["threshold_figure"],
        threshold_direction=data["threshold_direction"],
        threshold_value=data["threshold_value"],
        threshold_reset=data["threshold_reset"],
    )
    messages.success(
        request,
        gettext("Saved: you will be told about %(measure)s in %(area)s.")
        % {
            "measure": MEASURES[subscription.measure].name,
            "area": subscription.area.name,
        },
    )
    return redirect("alerts:list")


@require_POST
@permission_required("alerts.delete_alertsubscription", raise_exception=True)
def unsubscribe(request: HttpRequest, subscription_id: int) -> HttpResponse:
    if not alert_subscription_delete(user=request.user, subscription_id=subscription_id):
        raise Http404("No such subscription of yours")
    messages.success(request, gettext("The subscription is removed."))
    return redirect("alerts:list")


@require_POST
@permission_required("alerts.change_boardpackschedule", raise_exception=True)
def board_pack_schedule(request: HttpRequest) -> HttpResponse:
    form = BoardPackScheduleForm(request.POST)
    if not form.is_valid():
        return _page(request, schedule_form=form, status=400)
    board_pack_schedule_set(
        enabled=form.cleaned_data["enabled"],
        days_before=form.cleaned_data["days_before"],
        user=request.user,
    )
    messages.success(request, gettext("The board pack's e-mail schedule is saved."))
    return redirect("alerts:list")
