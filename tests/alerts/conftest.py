"""A real SMTP server (aiosmtpd) on loopback for the alert e-mails, and partnership data whose
knife crime turns: the phases of ``PLAN`` (offences a year), imported one by one."""

from __future__ import annotations

import socket

import pytest

from tests.factories import HOMICIDES_A_YEAR, KNIFE_A_YEAR, Inbox, homicide_rows, knife_rows


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    inbox.port = port
    yield inbox
    controller.stop()


@pytest.fixture
def smtp(settings, smtp_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.SITE_URL = "https://mkviolence.example.org"
    return smtp_server


@pytest.fixture
def phases(reference, import_partnership):
    """Import years of data, recompute, and evaluate the alerts: ``phases(2016, 2017, 2018)``."""
    from alerts.services import alerts_evaluate
    from dashboard.services import trends_recompute

    def run(*years: int):
        rows = []
        for year in years:
            rows += knife_rows(year, KNIFE_A_YEAR[year]) + homicide_rows(
                year, HOMICIDES_A_YEAR[year]
            )
        import_partnership(rows)
        return alerts_evaluate(run_id=trends_recompute().pk)

    return run
