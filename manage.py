#!/usr/bin/env python
"""Django's command-line utility for administrative tasks. Changes a command makes are
attributed in the audit log to the command and the operating-system user who ran it."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mkviolence.settings.dev")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    from audit.context import command_context

    with command_context(sys.argv):
        execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
