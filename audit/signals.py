"""Sign-in, sign-out and lock-out events; the audit context of Celery tasks."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from celery.signals import task_postrun, task_prerun
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .context import task_context
from .security import security_event_record


@receiver(user_logged_in, dispatch_uid="audit-sign-in")
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    security_event_record("sign_in", request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit-sign-in-failed")
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # Django masks the password in `credentials`; only the name typed is kept.
    security_event_record(
        "sign_in_failed", request=request, username=str(credentials.get("username", ""))
    )


@receiver(user_locked_out, dispatch_uid="audit-locked-out")
def _locked_out(sender: Any, request: Any, username: str | None = None, **kwargs: Any) -> None:
    security_event_record("locked_out", request=request, username=username or "", status=429)


@receiver(user_logged_out, dispatch_uid="audit-sign-out")
def _signed_out(sender: Any, request: Any, user: Any = None, **kwargs: Any) -> None:
    if user is not None:
        security_event_record("sign_out", request=request, user=user)


# Every Celery task runs in an audit context naming the task (and the host and OS user).
_task_contexts: dict[str, Any] = {}


@task_prerun.connect(dispatch_uid="audit-task-context-enter")
def _task_started(task_id: str, task: Any, **kwargs: Any) -> None:
    context = task_context(task.name)
    context.__enter__()
    _task_contexts[task_id] = context


@task_postrun.connect(dispatch_uid="audit-task-context-exit")
def _task_finished(task_id: str, **kwargs: Any) -> None:
    context = _task_contexts.pop(task_id, None)
    if context is not None:
        context.__exit__(None, None, None)
