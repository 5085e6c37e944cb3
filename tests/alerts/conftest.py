"""A real SMTP server (aiosmtpd) on loopback for the alert e-mails, and partnership data whose
knife crime turns: the phases of ``PLAN`` (offences a year), imported one by one."""

from __future__ import annotations

import socket
from email import message_from_bytes

import pytest

from tests.dashboard.test_recompute import partnership_rows

# Offences a year in Olney's LSOA E01016796 (knife crime) and homicides in Bletchley East's
# LSOA E01016710 (too few to publish).
KNIFE_LSOA, HOMICIDE_LSOA = "E01016796", "E01016710"
OLNEY, BLETCHLEY_EAST, MILTON_KEYNES = "E05009418", "E05009406", "E06000042"


class Inbox:
    """Every message received; ``refuse_once`` makes the first DATA to an address answer 451."""

    def __init__(self) -> None:
        self.messages: list = []
        self.refuse_once: set[str] = set()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        for address in envelope.rcpt_tos:
            if address in self.refuse_once:
                self.refuse_once.discard(address)
                return "451 4.3.0 Mailbox busy, try again later"
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"

    def to(self, address: str) -> list:
        return [m for rcpt, m in self.messages if address in rcpt]


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


def year_rows(year: int, total: int, *, prefix: str, **flags: str) -> list[str]:
    """``total`` incidents over the 12 months of ``year``, the remainder in the first months."""
    per_month = {
        f"{year}-{m:02d}": total // 12 + (1 if m <= total % 12 else 0) for m in range(1, 13)
    }
    return partnership_rows(per_month, prefix=f"{prefix}{year}-", **flags)


def knife_rows(year: int, total: int) -> list[str]:
    # Knife crime only: not in a public place (so not serious violence), victims aged 30.
    return year_rows(
        year, total, prefix="K", public_place="no", victim_age="30", lsoa_code=KNIFE_LSOA
    )


def homicide_rows(year: int, total: int) -> list[str]:
    return year_rows(
        year,
        total,
        prefix="H",
        offence_type="homicide",
        knife_or_sharp_instrument="no",
        public_place="no",
        victim_age="30",
        lsoa_code=HOMICIDE_LSOA,
    )
