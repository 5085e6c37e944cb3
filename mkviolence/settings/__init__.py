"""Settings package: ``base`` holds what every environment shares; ``dev``, ``test`` and
``production`` choose the database, secrets and hardening. Every value is read through the one
``env`` defined in ``base``."""
