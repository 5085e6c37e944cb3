"""The four roles exist as groups, created by the data migration, with the right permissions."""

import pytest
from django.contrib.auth.models import Group, Permission

from mkviolence.roles import ADMIN, ROLE_PERMISSIONS, ROLES


@pytest.mark.django_db
def test_the_migration_creates_the_four_roles() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLES)


@pytest.mark.django_db
def test_every_permission_a_role_names_exists() -> None:
    existing = {
        f"{app}.{code}"
        for app, code in Permission.objects.values_list("content_type__app_label", "codename")
    }
    for role, perms in ROLE_PERMISSIONS.items():
        assert perms <= existing, f"{role} names unknown permissions {perms - existing}"


@pytest.mark.django_db
def test_each_role_holds_exactly_its_permissions() -> None:
    for role, wanted in ROLE_PERMISSIONS.items():
        held = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=role).permissions.select_related("content_type")
        }
        assert held == wanted, role


@pytest.mark.django_db
def test_admins_hold_every_permission() -> None:
    assert Group.objects.get(name=ADMIN).permissions.count() == Permission.objects.count()
