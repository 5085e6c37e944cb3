"""The analysts' page for data.police.uk: when it was last checked, what police.uk publishes and
what is held, what the next check will do, the last error in plain English, and "check now"."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from ..models import PoliceUkPull
from .selectors import policeuk_pull_in_progress, policeuk_pulls_recent, policeuk_status


@require_GET
@permission_required("incidents.view_importbatch", raise_exception=True)
def policeuk_page(request: HttpRequest) -> HttpResponse:
    status = policeuk_status()
    return render(
        request,
        "incidents/policeuk.html",
        {
            "status": status,
            "not_held": ", ".join(date_format(m, "F Y") for m in status.not_held),
            "waiting": ", ".join(date_format(m, "F Y") for m in status.waiting),
            "pulls": policeuk_pulls_recent(),
            "base_url": settings.POLICEUK_BASE_URL,
            "pull_time": settings.POLICEUK_PULL_TIME,
            "can_check": request.user.has_perm("incidents.add_importbatch"),
        },
    )


@require_POST
@permission_required("incidents.add_importbatch", raise_exception=True)
def policeuk_check(request: HttpRequest) -> HttpResponse:
    from ..tasks import policeuk_pull_task

    if policeuk_pull_in_progress():
        messages.info(request, gettext("A check is running already; its result will show here."))
        return redirect("incidents:policeuk")
    try:
        policeuk_pull_task.apply_async(
            kwargs={"trigger": PoliceUkPull.Trigger.PAGE, "requested_by_id": request.user.pk},
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
    except Exception:  # noqa: BLE001 - any broker failure: said on the page, nothing lost
        messages.error(
            request,
            gettext(
                "The job queue is not answering, so the check could not start. Try again in a "
                "few minutes, or run `python manage.py policeuk_pull`."
            ),
        )
        return redirect("incidents:policeuk")
    messages.success(
        request,
        gettext(
            "The check has started. It runs in the background: reload this page in a minute "
            "to see what it found."
        ),
    )
    return redirect("incidents:policeuk")
