from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MkviolenceConfig(AppConfig):
    name = "mkviolence"
    verbose_name = "mkviolence"

    def ready(self) -> None:
        from .roles import roles_sync_after_migrate

        # Permissions of models added after the roles migration reach their roles on the next
        # migrate, without a new data migration per model. This app is last in INSTALLED_APPS, so
        # every other app's permissions exist when its post_migrate fires.
        post_migrate.connect(
            roles_sync_after_migrate, sender=self, dispatch_uid="mkviolence-roles-sync"
        )
