"""Role-aware navigation: each page shows only the links its user may follow."""

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from incidents.selectors import synthetic_demo_data_present

from .roles import role_of

# (label, url name, permission needed or None for any signed-in user). Links whose URL does not
# exist yet (an app not built) are left out.
NAV_ITEMS: list[tuple[Any, str, str | None]] = [
    (_("Overview"), "home", None),
    (_("Measures"), "measure-index", None),
    (_("Map"), "map", None),
    (_("Hot spots"), "hot-spots", None),
    (_("How we compare"), "compare", None),
    (_("Board pack"), "board-pack", None),
    (_("Strategy"), "strategy:board", "strategy.view_action"),
    (_("Alerts"), "alerts:list", "alerts.view_alert"),
    (_("Imports"), "incidents:import-list", "incidents.view_importbatch"),
    (_("Data coverage"), "incidents:coverage", "incidents.view_incident"),
    (_("Audit log"), "audit:log", "audit.view_securityevent"),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    role = role_of(user)
    if role is None:  # deny by default: nothing to navigate to
        return {"nav_items": [], "user_role": None, "synthetic_demo_data": False}
    items = []
    for label, url_name, perm in NAV_ITEMS:
        if perm and not user.has_perm(perm):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        active = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": label, "url": url, "active": active})
    if user.is_staff:
        admin = reverse("admin:index")
        items.append({"label": _("Users and roles"), "url": admin, "active": False})
    return {
        "nav_items": items,
        "user_role": gettext(role),
        "synthetic_demo_data": synthetic_demo_data_present(),
    }
