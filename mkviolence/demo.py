"""Demo accounts, one per role, for `make run` and the tests. Never created in production."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .roles import ADMIN, ANALYST, BOARD_MEMBER, COORDINATOR


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    role: str
    full_name: str


DEMO_USERS = (
    DemoUser("board", "board-demo-2026", BOARD_MEMBER, "Bola Board"),
    DemoUser("analyst", "analyst-demo-2026", ANALYST, "Ana Analyst"),
    DemoUser("coordinator", "coordinator-demo-2026", COORDINATOR, "Cory Coordinator"),
    DemoUser("admin", "admin-demo-2026", ADMIN, "Ada Admin"),
)


def demo_users_ensure() -> list[DemoUser]:
    """Create (or reset) one account per role with its known password. Idempotent."""
    # Imported here so `make run` can print DEMO_USERS without setting up Django.
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import transaction

    with transaction.atomic():
        _demo_users_write(get_user_model(), Group)
    return list(DEMO_USERS)


def _demo_users_write(user_model: Any, group_model: Any) -> None:
    for demo in DEMO_USERS:
        first, _, last = demo.full_name.partition(" ")
        user, _ = user_model.objects.get_or_create(username=demo.username)
        user.first_name, user.last_name = first, last
        user.email = f"{demo.username}@example.org"
        user.is_staff = demo.role == ADMIN
        user.set_password(demo.password)
        user.save()
        user.groups.set([group_model.objects.get(name=demo.role)])


DEMO_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def demo_policeuk_load() -> list[Any]:
    """Import the real Milton Keynes police.uk months the project ships (idempotent: a file
    already imported is recognised and changes nothing)."""
    from incidents.services import import_batch_create, import_batch_run

    batches = []
    for path in sorted((DEMO_DATA_DIR / "policeuk").glob("*.csv")):
        batch = import_batch_create(path=path)
        batches.append(import_batch_run(batch_id=batch.pk) or batch)
    return batches


def demo_reference_load() -> Any:
    from incidents.reference import reference_data_load

    return reference_data_load()


def demo_synthetic_load() -> list[Any]:
    """Five years of synthetic partnership incidents and three years of a synthetic hospital
    extract up to the last complete month, imported through the ordinary import (so a second
    run changes nothing)."""
    from django.conf import settings
    from django.utils import timezone

    from incidents.months import latest_complete_month
    from incidents.services import (
        import_batch_create,
        import_batch_run,
        synthetic_demo_clear_if_new,
    )
    from incidents.synthetic import synthetic_hospital_file, synthetic_partnership_file

    last_complete = latest_complete_month(timezone.localdate())
    folder = Path(settings.VAR_DIR) / "demo"
    path = synthetic_partnership_file(folder, end_month=last_complete)
    synthetic_demo_clear_if_new(file_name=path.name)
    batches = []
    # A new hospital extract replaces the site's months it covers, so it needs no clearing.
    for demo_file in (path, synthetic_hospital_file(folder, end_month=last_complete)):
        batch = import_batch_create(path=demo_file)
        batches.append(import_batch_run(batch_id=batch.pk) or batch)
    return batches
