"""Alerts: an inbox for a real SMTP server, and partnership data whose knife crime turns."""

from __future__ import annotations

from email import message_from_bytes

from scipy.stats import binomtest

from .data import partnership_rows

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


# Knife crime a year: flat, then up 75%, then five more years that turn. Homicides: three a
# year (too few to publish), then twelve.
KNIFE_A_YEAR = {
    2016: 120,
    2017: 120,
    2018: 120,
    2019: 210,
    2020: 180,
    2021: 150,
    2022: 100,
    2023: 180,
}


HOMICIDES_A_YEAR = {2016: 3, 2017: 3, 2018: 3, 2019: 12, 2020: 12, 2021: 12, 2022: 12, 2023: 12}


def significant(a: int, b: int) -> bool:
    """The design's test, worked out here with SciPy: a ~ Binomial(a + b, 1/2), two-sided."""
    return binomtest(a, a + b, 0.5).pvalue < 0.05
