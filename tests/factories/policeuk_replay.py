"""A stand-in for data.police.uk on loopback: a real HTTP server, started by a test, answering the
API routes the pull uses with JSON shaped as police.uk's documentation shows it
(https://data.police.uk/docs/): ``/api/forces``, ``/api/crimes-street-dates``,
``/api/crimes-street/all-crime`` by ``poly`` (GET, or POST for a long polygon; 503 when the
area holds more crimes than ``area_limit``, as police.uk does above 10,000) and
``/api/crimes-no-location``. Faults are scripted per route and month (429, 500, 503…), and a
route can be made to wait, so a test can stop the client mid-pull.

Crimes come from real street CSVs, turned into the API's JSON here (independently of the code
under test): the CSV's Crime ID is the API's ``persistent_id``, its crime type the category's
``name`` (slugs from police.uk's crime-categories list)."""

from __future__ import annotations

import csv
import json
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from shapely.geometry import Point, Polygon

# police.uk's /api/crime-categories (as documented), without "all-crime".
DOCUMENTED_CATEGORIES = [
    {"url": "all-crime", "name": "All crime"},
    {"url": "anti-social-behaviour", "name": "Anti-social behaviour"},
    {"url": "bicycle-theft", "name": "Bicycle theft"},
    {"url": "burglary", "name": "Burglary"},
    {"url": "criminal-damage-arson", "name": "Criminal damage and arson"},
    {"url": "drugs", "name": "Drugs"},
    {"url": "other-theft", "name": "Other theft"},
    {"url": "possession-of-weapons", "name": "Possession of weapons"},
    {"url": "public-order", "name": "Public order"},
    {"url": "robbery", "name": "Robbery"},
    {"url": "shoplifting", "name": "Shoplifting"},
    {"url": "theft-from-the-person", "name": "Theft from the person"},
    {"url": "vehicle-crime", "name": "Vehicle crime"},
    {"url": "violent-crime", "name": "Violence and sexual offences"},
    {"url": "other-crime", "name": "Other crime"},
]
SLUG_BY_NAME = {c["name"]: c["url"] for c in DOCUMENTED_CATEGORIES}
FORCES = [
    {"id": "bedfordshire", "name": "Bedfordshire Police"},
    {"id": "northamptonshire", "name": "Northamptonshire Police"},
    {"id": "thames-valley", "name": "Thames Valley Police"},
]


def crimes_from_csv(path: Path, *, first_id: int = 1) -> tuple[list[dict], list[dict]]:
    """(located crimes, crimes without a location) of a police.uk street CSV, as the API's
    ``crimes-street`` and ``crimes-no-location`` items."""
    located, unlocated = [], []
    with open(path, newline="", encoding="utf-8-sig") as f:
        for n, row in enumerate(csv.DictReader(f), start=first_id):
            outcome = row["Last outcome category"]
            crime = {
                "category": SLUG_BY_NAME[row["Crime type"]],
                "persistent_id": row["Crime ID"],
                "location_subtype": "",
                "id": n,
                "context": row["Context"],
                "month": row["Month"],
                "outcome_status": {"category": outcome, "date": row["Month"]} if outcome else None,
            }
            if row["Longitude"]:
                crime["location_type"] = "Force"
                crime["location"] = {
                    "latitude": row["Latitude"],
                    "street": {"id": 900000 + n, "name": row["Location"]},
                    "longitude": row["Longitude"],
                }
                located.append(crime)
            else:
                crime["location_type"] = None
                crime["location"] = None
                unlocated.append(crime)
    return located, unlocated


@dataclass
class Month:
    street: list[dict] = field(default_factory=list)
    no_location: list[dict] = field(default_factory=list)


@dataclass
class Request:
    at: float  # time.monotonic() when it arrived
    method: str
    route: str  # e.g. "crimes-street", "crimes-no-location", "crimes-street-dates", "forces"
    month: str
    status: int


class PoliceUkReplay:
    """Start with ``with PoliceUkReplay(...) as server:``; ``server.url`` is the base URL."""

    def __init__(
        self,
        months: dict[str, Month],
        *,
        published: Iterable[str] | None = None,
        area_limit: int = 10_000,
        force: str = "thames-valley",
    ) -> None:
        self.months = months
        self.published = list(published) if published is not None else sorted(months)
        self.area_limit = area_limit
        self.force = force
        self.log: list[Request] = []
        self.faults: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = defaultdict(list)
        self.hold: dict[tuple[str, str], threading.Event] = {}
        self.arrived: dict[tuple[str, str], threading.Event] = {}
        self.lock = threading.Lock()

    # --- scripting -----------------------------------------------------------------------------

    def fail(self, route: str, month: str, *statuses: int, retry_after: str | None = None) -> None:
        """The next requests to ``route`` for ``month`` answer these statuses, in order."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        self.faults[(route, month)].extend((s, headers) for s in statuses)

    def wait_at(self, route: str, month: str) -> tuple[threading.Event, threading.Event]:
        """Requests to ``route`` for ``month`` wait until the returned release event is set;
        the arrived event is set when the first one comes in."""
        release, arrived = threading.Event(), threading.Event()
        self.hold[(route, month)] = release
        self.arrived[(route, month)] = arrived
        return release, arrived

    def requests_to(self, route: str, month: str | None = None) -> list[Request]:
        return [r for r in self.log if r.route == route and (month is None or r.month == month)]

    # --- serving -------------------------------------------------------------------------------

    def __enter__(self) -> PoliceUkReplay:
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                replay.answer(self, "GET", parts.path, parse_qs(parts.query))

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode("ascii")
                parts = urlsplit(self.path)
                params = parse_qs(parts.query) | parse_qs(body)
                replay.answer(self, "POST", parts.path, params)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        for event in self.hold.values():
            event.set()
        self.server.shutdown()
        self.server.server_close()

    def answer(self, handler: BaseHTTPRequestHandler, method: str, path: str, params: dict) -> None:
        arrived = time.monotonic()
        month = (params.get("date") or [""])[0]
        route = path.removeprefix("/api/").split("/")[0]
        key = (route, month)
        if key in self.arrived:
            self.arrived[key].set()
        if key in self.hold:
            self.hold[key].wait(timeout=60)
        with self.lock:
            scripted = self.faults[key].pop(0) if self.faults.get(key) else None
        if scripted is not None:
            status, headers = scripted
            body: Any = {"error": "scripted"}
        else:
            status, headers, body = self.route(route, path, month, params)
        self.log.append(Request(arrived, method, route, month, status))
        data = json.dumps(body).encode() if body is not None else b""
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def route(self, route: str, path: str, month: str, params: dict) -> tuple[int, dict, Any]:
        if path == "/api/forces":
            return 200, {}, FORCES
        if path == "/api/crimes-street-dates":
            return 200, {}, [{"date": m, "stop-and-search": []} for m in reversed(self.published)]
        if path == "/api/crimes-street/all-crime":
            held = self.months.get(month)
            if month not in self.published or held is None:
                return 404, {}, None
            outline = [
                tuple(float(x) for x in pair.split(",")) for pair in params["poly"][0].split(":")
            ]
            area = Polygon([(lng, lat) for lat, lng in outline])
            inside = [
                c
                for c in held.street
                if area.covers(
                    Point(float(c["location"]["longitude"]), float(c["location"]["latitude"]))
                )
            ]
            if len(inside) > self.area_limit:
                return 503, {}, None
            return 200, {}, inside
        if path == "/api/crimes-no-location":
            held = self.months.get(month)
            if month not in self.published or held is None or params["force"][0] != self.force:
                return 404, {}, None
            return 200, {}, held.no_location
        return 404, {}, None


# --- helpers for the tests: the shipped months as the API, and what a pull should hold ---------

MONTHS = ["2018-10", "2018-11", "2018-12", "2019-01"]
POLICEUK_DATA = Path(__file__).resolve().parents[2] / "data" / "policeuk"


def tv_file(month: str) -> Path:
    return POLICEUK_DATA / f"{month}-thames-valley-street-mk-subset.csv"


def real_months(months: list[str] = MONTHS) -> dict[str, Month]:
    """The shipped Thames Valley months as the API would give them."""
    found = {}
    for n, month in enumerate(months):
        street, no_location = crimes_from_csv(tv_file(month), first_id=n * 100_000)
        found[month] = Month(street, no_location)
    return found


def expected_rows(month: str) -> list[dict[str, str]]:
    """The rows of the month's CSV a pull of Milton Keynes should hold, worked out from the CSV
    alone: those police.uk itself placed in a Milton Keynes LSOA, and those with no location."""
    from tests.factories import mk_lsoas, read_rows

    mk = mk_lsoas()
    return [r for r in read_rows(tv_file(month)) if r["LSOA code"] in mk or not r["Longitude"]]


def pull() -> dict:
    """One pull, as the command runs it; its report."""
    from incidents.models import PoliceUkPull
    from incidents.policeuk.services import policeuk_pull_run

    return policeuk_pull_run(trigger=PoliceUkPull.Trigger.COMMAND).as_dict()
