"""WSGI entry point for gunicorn: ``gunicorn mkviolence.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mkviolence.settings.dev")

application = get_wsgi_application()
