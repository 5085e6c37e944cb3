"""A polite, patient client of the data.police.uk API (standard library HTTP).

police.uk allows 15 requests a second with bursts of 30 (a leaky bucket); more gets a 429. Every
request, retries included, first takes a token from a bucket of that shape, so a pull never
goes faster whatever the network does. A 429, a 5xx or a connection that fails is tried again
after a growing wait (the server's Retry-After when it gives one); a street-crimes query over a
custom area that holds more than 10,000 crimes answers 503, which ``AreaTooLarge`` reports so
the caller can split the area."""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

# police.uk answers 400 to a GET longer than this; longer polygons go by POST.
MAX_GET_LENGTH = 4094
RETRY_AFTER_CAP = 60.0
USER_AGENT = "mkviolence/1 (serious violence figures for a community safety partnership)"


class PoliceUkError(Exception):
    """The API could not give what was asked, after retrying: the message is for an analyst."""


class AreaTooLarge(PoliceUkError):
    """A custom-area query holds more than 10,000 crimes (police.uk answers 503)."""


class TokenBucket:
    """At most ``rate`` takes a second on average, ``burst`` at once. Thread-safe."""

    def __init__(
        self,
        *,
        rate: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate, self.burst = rate, burst
        self.clock, self.sleep = clock, sleep
        self.tokens = float(burst)
        self.updated = clock()
        self.lock = threading.Lock()

    def take(self) -> None:
        while True:
            with self.lock:
                now = self.clock()
                self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
                self.updated = now
                # A hair under 1 after a wait computed to refill exactly 1 is rounding.
                if self.tokens >= 1 - 1e-9:
                    self.tokens = max(self.tokens - 1, 0.0)
                    return
                wait = (1 - self.tokens) / self.rate
            self.sleep(wait)


class PoliceUkClient:
    """GETs (and long-polygon POSTs) of ``/api/...`` under ``base_url``, decoded from JSON.
    ``requests`` counts every HTTP request made, retries included."""

    def __init__(
        self,
        *,
        base_url: str,
        bucket: TokenBucket,
        max_retries: int = 5,
        backoff: float = 2.0,
        timeout: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.bucket = bucket
        self.max_retries = max_retries
        self.backoff = backoff
        self.timeout = timeout
        self.sleep = sleep
        self.requests = 0

    def get(self, path: str, params: dict[str, str] | None = None) -> Any:
        return self._call(path, params or {}, area_query=False)

    def street_crimes(self, *, poly: str, month: str) -> list[dict[str, Any]]:
        """``crimes-street/all-crime`` inside one polygon (``lat,lng:lat,lng:…``) for a month.
        ``AreaTooLarge`` when police.uk says the area holds too many crimes."""
        found = self._call(
            "/api/crimes-street/all-crime", {"poly": poly, "date": month}, area_query=True
        )
        return _list_of_crimes(found, "crimes-street")

    def crimes_without_location(self, *, force: str, month: str) -> list[dict[str, Any]]:
        found = self.get(
            "/api/crimes-no-location", {"category": "all-crime", "force": force, "date": month}
        )
        return _list_of_crimes(found, "crimes-no-location")

    def _call(self, path: str, params: dict[str, str], *, area_query: bool) -> Any:
        url = f"{self.base_url}{path}"
        query = urllib.parse.urlencode(params, safe=",:")
        get_url = f"{url}?{query}" if query else url
        # A long polygon goes in the body, as police.uk's documentation advises.
        post = area_query and len(get_url) > MAX_GET_LENGTH
        attempt = 0
        while True:
            self.bucket.take()
            self.requests += 1
            request = urllib.request.Request(  # noqa: S310 - the URL is the configured https base
                url if post else get_url,
                data=query.encode("ascii") if post else None,
                headers={"Accept": "application/json", "User-Agent": USER_AGENT},
                method="POST" if post else "GET",
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    body = response.read()
            except urllib.error.HTTPError as error:
                status = error.code
                retry_after = _retry_after(error.headers.get("Retry-After"))
                error.close()
                if area_query and status == 503:
                    raise AreaTooLarge(
                        "data.police.uk says the area holds more than 10,000 crimes."
                    ) from None
                if status != 429 and status < 500:
                    raise PoliceUkError(_refused(status, path)) from None
                problem = _server_problem(status, path)
            except (TimeoutError, urllib.error.URLError, ConnectionError) as error:
                retry_after = None
                reason = getattr(error, "reason", error)
                problem = f"data.police.uk could not be reached at {self.base_url} ({reason})."
            else:
                try:
                    return json.loads(body)
                except ValueError:
                    raise PoliceUkError(
                        f"data.police.uk answered {path} with something that is not JSON."
                    ) from None
            if attempt >= self.max_retries:
                raise PoliceUkError(
                    f"{problem} Tried {attempt + 1} times; the next check will try again."
                )
            wait = retry_after if retry_after is not None else self.backoff * 2**attempt
            logger.info("police.uk %s: %s Retrying in %.2f s.", path, problem, wait)
            self.sleep(wait)
            attempt += 1


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return min(max(float(value), 0.0), RETRY_AFTER_CAP)
    except ValueError:
        return None


def _server_problem(status: int, path: str) -> str:
    if status == 429:
        return f"data.police.uk asked us to slow down (HTTP 429) on {path}."
    return f"data.police.uk had a problem answering {path} (HTTP {status})."


def _refused(status: int, path: str) -> str:
    if status == 404:
        return f"data.police.uk has no {path} for what was asked (HTTP 404)."
    return f"data.police.uk refused the request for {path} (HTTP {status})."


def _list_of_crimes(found: Any, route: str) -> list[dict[str, Any]]:
    if not isinstance(found, list) or not all(isinstance(c, dict) for c in found):
        raise PoliceUkError(f"data.police.uk's {route} answer is not a list of crimes.")
    return found
