"""Who may call what. Every endpoint needs a role (deny by default, as the pages); model
endpoints also need the model permission of their method, reads included (DRF's model
permissions let any GET through: here a GET needs ``view``)."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions

from mkviolence.roles import role_of

# Board members see suppressed figures; roles that may see record-level data see exact counts.
EXACT_FIGURES_PERMISSION = "incidents.view_incident"


class HasRole(permissions.BasePermission):
    message = "Your account has no role yet: an administrator gives roles."

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and role_of(user) is not None)


class ModelPermissions(permissions.DjangoModelPermissions):
    """The model permission of the method: view for reads, add, change and delete for writes."""

    perms_map = {
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
        "POST": ["%(app_label)s.add_%(model_name)s"],
        "PUT": ["%(app_label)s.change_%(model_name)s"],
        "PATCH": ["%(app_label)s.change_%(model_name)s"],
        "DELETE": ["%(app_label)s.delete_%(model_name)s"],
    }

    def _queryset(self, view: Any) -> Any:
        # The view's declared queryset names the model: no need to build (and run the
        # filters of) the view's own queryset just to learn which model it is.
        declared = getattr(view, "queryset", None)
        return declared if declared is not None else super()._queryset(view)


def sees_exact_figures(user: Any) -> bool:
    return bool(user.has_perm(EXACT_FIGURES_PERMISSION))
