"""The coordinators' workspace: the strategy board, action pages and their updates, board
meetings, partners, priorities and strategies. Every signed-in role reads (view permissions);
coordinators and admins write. Views call the services and selectors only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from incidents.exports import csv_response

from .forms import (
    ActionForm,
    ActionUpdateForm,
    BoardFilterForm,
    MeetingForm,
    MilestoneFormSet,
    PartnerForm,
    PlanUploadForm,
    PriorityForm,
    StrategyForm,
)
from .measures import measure_names
from .models import Action, ActionStatus, PartnerOrganisation, Priority, Strategy
from .plan_import import PLAN_COLUMNS, PlanRefused, action_plan_import, read_plan
from .selectors import (
    BoardFilters,
    action_due_date_moves,
    action_history,
    board_report,
    strategy_actions,
    strategy_current,
    strategy_owners,
)
from .services import (
    ActionRuleError,
    MeetingRuleError,
    action_create,
    action_update,
    action_update_status,
    board_meeting_record,
    priority_save,
    strategy_make_current,
)

EXPORT_COLUMNS = PLAN_COLUMNS  # export → edit → import round-trips


def _strategy_or_404() -> Strategy:
    strategy = strategy_current()
    if strategy is None:
        raise Http404("No current strategy yet")
    return strategy


@require_GET
@permission_required("strategy.view_action", raise_exception=True)
def board(request: HttpRequest) -> HttpResponse:
    """Priorities as sections, actions as rows: RAG status, lead partner, owner, due date,
    progress and the latest note; overdue actions marked; filters in the URL; CSV export in the
    action plan's own columns (so export → edit → import round-trips)."""
    strategy = strategy_current()
    if strategy is None:
        return render(request, "strategy/no_strategy.html")
    today = timezone.localdate()
    form = BoardFilterForm(
        request.GET, strategy=strategy, owners=strategy_owners(strategy=strategy)
    )
    form.is_valid()
    data = form.cleaned_data
    filters = BoardFilters(
        priority=data.get("priority"),
        partner=data.get("partner"),
        status=data.get("status") or "",
        owner=data.get("owner") or "",
        overdue=bool(data.get("overdue")),
    )
    actions = strategy_actions(strategy=strategy, today=today, filters=filters)
    if request.GET.get("export") == "csv":
        return _plan_csv(strategy, actions)
    sections: dict[Priority, list[Action]] = {p: [] for p in strategy.priorities.all()}
    for action in actions:
        sections.setdefault(action.priority, []).append(action)
    query = request.GET.copy()
    query.pop("export", None)
    return render(
        request,
        "strategy/board.html",
        {
            "strategy": strategy,
            "form": form,
            "today": today,
            "sections": [
                (p, acts) for p, acts in sections.items() if acts or not any(vars(filters).values())
            ],
            "total": len(actions),
            "overdue": sum(a.overdue for a in actions),
            "query": query.urlencode(),
            "can_edit": request.user.has_perm("strategy.change_action"),
        },
    )


def _plan_csv(strategy: Strategy, actions: list[Action]) -> HttpResponse:
    rows = (
        [
            a.reference,
            a.priority.title,
            a.title,
            a.description,
            a.lead_partner.name,
            "; ".join(p.name for p in a.supporting_partners.all()),
            a.owner,
            a.owner_email,
            a.starts_on.isoformat() if a.starts_on else "",
            a.due_on.isoformat() if a.due_on else "",
            a.status,
            a.progress,
            "; ".join(a.measures),
            "",
        ]
        for a in actions
    )
    return csv_response(f"action-plan-{strategy.pk}.csv", EXPORT_COLUMNS, rows)


@require_GET
@permission_required("strategy.view_action", raise_exception=True)
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    return _action_page(request, get_object_or_404(Action, pk=action_id), ActionUpdateForm())


def _action_page(
    request: HttpRequest, action: Action, form: ActionUpdateForm, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    names = measure_names()
    return render(
        request,
        "strategy/action.html",
        {
            "action": action,
            "form": form,
            "history": action_history(action=action),
            "moves": action_due_date_moves(action=action),
            "overdue": action.status != "complete"
            and bool(action.due_on and action.due_on < today),
            "measures": [(slug, names.get(slug, slug)) for slug in action.measures],
            "can_edit": request.user.has_perm("strategy.change_action"),
        },
        status=status,
    )


@require_POST
@permission_required("strategy.change_action", raise_exception=True)
def action_update_view(request: HttpRequest, action_id: int) -> HttpResponse:
    """Coordinators' update: status, progress and a note."""
    action = get_object_or_404(Action, pk=action_id)
    form = ActionUpdateForm(request.POST)
    if form.is_valid():
        try:
            action_update_status(
                action_id=action.pk,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data["note"],
                made_by=request.user,
            )
        except ActionRuleError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, gettext("Updated “%(title)s”.") % {"title": action.title})
            return redirect("strategy:action", action_id=action.pk)
    return _action_page(request, action, form, status=400)


@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, action_id: int | None = None) -> HttpResponse:
    """Create an action, or edit one (a new due date needs a reason)."""
    perm = "strategy.change_action" if action_id else "strategy.add_action"
    if not request.user.has_perm(perm):
        raise PermissionDenied
    strategy = _strategy_or_404()
    action = get_object_or_404(Action, pk=action_id) if action_id else None
    form = ActionForm(request.POST or None, instance=action, strategy=strategy)
    milestones = MilestoneFormSet(request.POST or None, instance=action or Action())
    if request.method == "POST" and form.is_valid() and milestones.is_valid():
        data = dict(form.cleaned_data)
        partners, reason = data.pop("supporting_partners"), data.pop("reason")
        data["evidence"] = data.pop("evidence_links")
        try:
            with transaction.atomic():
                if action is None:
                    action = action_create(
                        made_by=request.user, supporting_partners=partners, note=reason, **data
                    )
                else:
                    action_update(
                        action_id=action.pk,
                        made_by=request.user,
                        note=reason,
                        supporting_partners=partners,
                        **data,
                    )
                milestones.instance = action
                milestones.save()
        except ActionRuleError as error:
            field = "reason" if error.field == "note" else error.field
            form.add_error(field if field in form.fields else None, error.message)
            action = get_object_or_404(Action, pk=action_id) if action_id else None
        else:
            messages.success(request, gettext("Saved “%(title)s”.") % {"title": action.title})
            return redirect("strategy:action", action_id=action.pk)
    return render(
        request,
        "strategy/form.html",
        {
            "form": form,
            "milestones": milestones,
            "title": gettext("Edit %(action)s") % {"action": action}
            if action
            else gettext("New action"),
            "back": (
                reverse("strategy:action", args=[action.pk])
                if action
                else reverse("strategy:board")
            ),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("strategy.view_boardmeeting", raise_exception=True)
def meetings(request: HttpRequest) -> HttpResponse:
    """The board view: RAG counts per priority and lead partner, what changed since the last
    recorded meeting, off-track actions with their latest note, and slippage. Coordinators
    record a meeting here, which freezes a snapshot for the next one."""
    strategy = strategy_current()
    if strategy is None:
        return render(request, "strategy/no_strategy.html")
    form = MeetingForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST":
        if not request.user.has_perm("strategy.add_boardmeeting"):
            raise PermissionDenied
        if form.is_valid():
            try:
                meeting = board_meeting_record(
                    strategy=strategy, made_by=request.user, held_on=form.cleaned_data["held_on"]
                )
            except MeetingRuleError as refused:
                form.add_error("held_on", str(refused))
            else:
                messages.success(
                    request,
                    gettext("Recorded the board meeting of %(date)s.")
                    % {"date": date_format(meeting.held_on, "j F Y")},
                )
                return redirect("strategy:meetings")
    report = board_report(strategy=strategy, today=timezone.localdate())
    return render(
        request,
        "strategy/meetings.html",
        {
            "report": report,
            "form": form,
            "statuses": list(ActionStatus.choices),
            "meetings": strategy.meetings.select_related("recorded_by"),
            "can_record": request.user.has_perm("strategy.add_boardmeeting"),
        },
        status=400 if form.errors else 200,
    )


def _list_with_form(
    request: HttpRequest,
    *,
    model: type[Model],
    form_class: type[ModelForm],
    pk: int | None,
    template: str,
    listing: str,
    on_saved: Any = None,
) -> HttpResponse:
    """A list page with the form to add an item, or to edit the one named (partners,
    strategies): reading needs the view permission (checked by the caller), writing add or
    change."""
    chosen = get_object_or_404(model, pk=pk) if pk else None
    name = model._meta.model_name
    can_edit = request.user.has_perm(f"strategy.{'change' if chosen else 'add'}_{name}")
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = form_class(request.POST or None, instance=chosen)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if on_saved is not None:
            on_saved(saved)
        messages.success(request, gettext("Saved %(thing)s.") % {"thing": saved})
        return redirect(f"strategy:{listing}")
    return render(
        request,
        template,
        {
            "items": model._default_manager.all(),
            "form": form if can_edit else None,
            "editing": chosen,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("strategy.view_partnerorganisation", raise_exception=True)
def partners(request: HttpRequest, partner_id: int | None = None) -> HttpResponse:
    """Partner organisations, and the form to add or edit one (coordinators and admins)."""
    return _list_with_form(
        request,
        model=PartnerOrganisation,
        form_class=PartnerForm,
        pk=partner_id,
        template="strategy/partners.html",
        listing="partners",
    )


@require_http_methods(["GET", "POST"])
def priority_edit(request: HttpRequest, priority_id: int | None = None) -> HttpResponse:
    perm = "strategy.change_priority" if priority_id else "strategy.add_priority"
    if not request.user.has_perm(perm):
        raise PermissionDenied
    strategy = _strategy_or_404()
    priority = (
        get_object_or_404(Priority, pk=priority_id, strategy=strategy) if priority_id else None
    )
    form = PriorityForm(request.POST or None, instance=priority)
    if request.method == "POST" and form.is_valid():
        priority_save(strategy=strategy, priority=priority, **form.cleaned_data)
        messages.success(request, gettext("Saved the priority."))
        return redirect("strategy:board")
    return render(
        request,
        "strategy/form.html",
        {
            "form": form,
            "title": gettext("Edit %(priority)s") % {"priority": priority}
            if priority
            else gettext("New priority"),
            "back": reverse("strategy:board"),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("strategy.view_strategy", raise_exception=True)
def strategies(request: HttpRequest, strategy_id: int | None = None) -> HttpResponse:
    """Every strategy, which one is current, and the form to add or edit one."""

    def current(saved: Strategy) -> None:
        if saved.is_current:
            strategy_make_current(strategy=saved)

    return _list_with_form(
        request,
        model=Strategy,
        form_class=StrategyForm,
        pk=strategy_id,
        template="strategy/strategies.html",
        listing="strategies",
        on_saved=current,
    )


@require_http_methods(["GET", "POST"])
@permission_required(["strategy.add_action", "strategy.change_action"], raise_exception=True)
def plan_import(request: HttpRequest) -> HttpResponse:
    """Upload an action plan (CSV or .xlsx): a dry run shows what would change; an import is
    all or nothing, with every problem by line and column."""
    strategy = _strategy_or_404()
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    result, refusal = None, ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_plan(upload, upload.name)
        except PlanRefused as error:
            refusal = str(error)
        else:
            result = action_plan_import(
                rows=rows,
                strategy=strategy,
                made_by=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
            if not result.errors and not result.dry_run:
                messages.success(
                    request,
                    gettext("Imported the action plan: %(created)s created, %(updated)s updated.")
                    % {"created": len(result.created), "updated": len(result.updated)},
                )
    failed = bool(refusal or (result and result.errors))
    return render(
        request,
        "strategy/import.html",
        {
            "form": form,
            "result": result,
            "refusal": refusal,
            "strategy": strategy,
            "columns": EXPORT_COLUMNS,
        },
        status=400 if failed or form.errors else 200,
    )
