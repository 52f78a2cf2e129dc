"""Where element sets and frames come from: recorded snapshots or live servers.

This is the only module that touches the network. One small interface,
:class:`ElementSource.fetch_group`, has two implementations:

* :class:`SnapshotSource`: the recorded files shipped in the package (offline, CI, default);
* :class:`CelesTrakSource`: CelesTrak's GP query, OMM JSON first (six-digit catalogue numbers
  exist only there) and TLE as fallback, through a shared on-disk cache refreshed at most once per
  ``refresh_interval_s`` (>= 2 h) per group. When CelesTrak fails (non-200, network error, a
  truncated body) it keeps serving the last good data, or the snapshot, says so in
  ``result.warnings`` and ``provenance.status``, and backs off exponentially: CelesTrak's usage
  policy asks clients to stop on errors rather than retry.

:class:`SatnogsSource` fetches frames from the SatNOGS DB API ``/api/telemetry/`` with
``Authorization: Token <token>``. Filters ``satellite`` (NORAD id), ``start``/``end`` (ISO 8601,
inclusive) are those of satnogs-db's ``TelemetryViewFilter`` (``db/api/filters.py``); paging is
its ``DemodDataCursorPagination`` (``db/api/pagination.py``: 25 frames per page, newest first,
the next page's URL in the JSON ``next`` field). Older deployments answered with a bare list and
an RFC 8288 ``Link: <...>; rel="next"`` header (its ``LinkedHeaderPageNumberPagination``); we
follow either.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import requests

from foundation.config.telemetry import TelemetryConfig
from telemetry.cache import ElementCache
from telemetry.elements import ElementSet, ParseResult
from telemetry.errors import ElementSetError, FrameDecodeError, SourceUnavailable
from telemetry.frames import RawFrame, hex_to_bytes
from telemetry.omm import parse_omm_json
from telemetry.provenance import Provenance
from telemetry.snapshots import load_snapshot_elements, snapshot_groups
from telemetry.tle import parse_tle_text

CELESTRAK_CREDIT = "CelesTrak"
CELESTRAK_LICENCE = "CelesTrak terms of use (https://celestrak.org/usage-policy.php)"
SATNOGS_CREDIT = "SatNOGS DB (Libre Space Foundation) and its contributing stations"
SATNOGS_LICENCE = "CC BY-SA 4.0"
MAX_BAD_RECORD_FRACTION = 0.01
"""A live payload with more bad records than this is treated as a failed download."""
USER_AGENT = "space-academy-telemetry/0.1 (+https://github.com/; education)"


@dataclass(frozen=True)
class ElementSetResult:
    """Element sets of one group, where they came from, and anything the user should know."""

    group: str
    parsed: ParseResult
    provenance: Provenance
    warnings: tuple[str, ...] = ()

    @property
    def records(self) -> tuple[ElementSet, ...]:
        return self.parsed.records

    @property
    def errors(self) -> tuple[ElementSetError, ...]:
        return self.parsed.errors

    @property
    def status(self) -> str:
        return self.provenance.status


class ElementSource(ABC):
    """The contract every element-set source fills."""

    @abstractmethod
    def fetch_group(self, group: str) -> ElementSetResult:
        """Element sets of a CelesTrak group (``stations``, ``cubesat``, ``active``...)."""


class SnapshotSource(ElementSource):
    """The recorded element sets shipped with the package."""

    def fetch_group(self, group: str) -> ElementSetResult:
        parsed = load_snapshot_elements(group)
        assert parsed.provenance is not None
        return ElementSetResult(group, parsed, parsed.provenance)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class CelesTrakSource(ElementSource):
    """CelesTrak GP data through the shared cache, with snapshot fallback and back-off."""

    def __init__(self, config: TelemetryConfig | None = None,
                 session: requests.Session | None = None,
                 now: Callable[[], datetime] = _utc_now,
                 fallback: ElementSource | None = None) -> None:
        self.config = config or TelemetryConfig()
        self.cache = ElementCache(self.config.cache_path)
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)
        self.now = now
        self.fallback = fallback or SnapshotSource()

    def url(self, group: str, fmt: str) -> str:
        return f"{self.config.celestrak_url}?GROUP={group}&FORMAT={fmt}"

    def _provenance(self, url: str, fetched_at: datetime, status: str) -> Provenance:
        return Provenance(f"CelesTrak GP {url}", CELESTRAK_CREDIT, CELESTRAK_LICENCE, fetched_at,
                          url, status)

    @staticmethod
    def _parse(text: str, fmt: str, url: str) -> ParseResult:
        return parse_omm_json(text, url) if fmt == "json" else parse_tle_text(text, url)

    def _download(self, group: str, fmt: str) -> tuple[str, ParseResult]:
        """One GET; SourceUnavailable for anything but a usable 200."""
        url = self.url(group, fmt)
        try:
            response = self.session.get(url, timeout=self.config.request_timeout_s)
            text = response.text
        except requests.RequestException as exc:
            raise SourceUnavailable(url, f"{type(exc).__name__}: {exc}") from None
        if response.status_code != 200:
            raise SourceUnavailable(url, text[:200].strip() or response.reason,
                                    response.status_code)
        parsed = self._parse(text, fmt, url)
        total = len(parsed.records) + len(parsed.errors)
        if not parsed.records:
            reason = str(parsed.errors[0]) if parsed.errors else f"no records: {text[:80]!r}"
            raise SourceUnavailable(url, reason, 200)
        if len(parsed.errors) > MAX_BAD_RECORD_FRACTION * total:
            raise SourceUnavailable(url, f"{len(parsed.errors)} of {total} records are bad "
                                    f"(first: {parsed.errors[0]})", 200)
        return text, parsed

    def _cached(self, group: str, status: str, warnings: tuple[str, ...]) -> ElementSetResult:
        cached = self.cache.read_data(group)
        if cached is not None:
            text, meta = cached
            parsed = self._parse(text, meta.format, meta.url)
            provenance = self._provenance(meta.url, meta.fetched_datetime() or self.now(), status)
            return ElementSetResult(group, parsed.with_provenance(provenance), provenance,
                                    warnings)
        result = self.fallback.fetch_group(group)
        if status != "cached":
            warnings = (*warnings, f"serving the recorded snapshot "
                        f"({result.provenance.label()})")
        return replace(result, warnings=(*result.warnings, *warnings))

    def fetch_group(self, group: str) -> ElementSetResult:
        """Fresh data if due, else the cache; never raises for network trouble.

        "Due" means never fetched, or fetched at least ``refresh_interval_s`` ago; there is no
        override, because the interval is CelesTrak's request, not ours.
        """
        now = self.now()
        meta = self.cache.read_meta(group)
        fetched = meta.fetched_datetime()
        next_allowed = meta.next_attempt_datetime()
        if next_allowed is not None and now < next_allowed:
            return self._cached(group, "stale", (
                f"CelesTrak failed {meta.failures} time(s) (last: {meta.last_error}); "
                f"not asking again before {next_allowed.isoformat()}",))
        due = fetched is None or (now - fetched).total_seconds() >= self.config.refresh_interval_s
        if not due:
            return self._cached(group, "cached", ())
        failures = []
        for fmt in ("json", "tle"):
            try:
                text, parsed = self._download(group, fmt)
            except SourceUnavailable as exc:
                failures.append(exc)
                # Only a usable-but-broken 200 justifies asking again in the other format;
                # an HTTP error or network failure means "stop" (CelesTrak usage policy).
                if exc.status != 200:
                    break
                continue
            url = self.url(group, fmt)
            self.cache.write_success(group, text, fmt, url, now)
            provenance = self._provenance(url, now, "fresh")
            warnings: tuple[str, ...] = ()
            if parsed.errors:
                warnings = (f"{len(parsed.errors)} bad record(s) skipped",)
            if failures:
                warnings = (*warnings, f"OMM JSON unusable ({failures[0].reason}); used TLE")
            return ElementSetResult(group, parsed.with_provenance(provenance), provenance,
                                    warnings)
        reason = "; ".join(str(f) for f in failures)
        new_meta = self.cache.write_failure(group, reason, now, self.config.backoff_initial_s,
                                            self.config.backoff_max_s)
        return self._cached(group, "stale", (
            f"CelesTrak unavailable ({reason}); retry after {new_meta.next_attempt_after}",))


def offline_groups() -> list[str]:
    """Groups that work without a network (the shipped snapshots)."""
    return snapshot_groups()


@dataclass(frozen=True)
class SatnogsFrames:
    """Frames fetched from SatNOGS DB, frames that could not be read, pages, provenance."""

    frames: tuple[RawFrame, ...]
    errors: tuple[FrameDecodeError, ...]
    pages: int
    provenance: Provenance


def _next_link(response: requests.Response, body: object) -> str | None:
    if isinstance(body, dict) and body.get("next"):
        return str(body["next"])
    link = response.links.get("next")
    return link.get("url") if link else None


def _parse_timestamp(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class SatnogsSource:
    """Telemetry frames of one satellite from the SatNOGS DB API (token from the environment)."""

    def __init__(self, config: TelemetryConfig | None = None,
                 session: requests.Session | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 monotonic: Callable[[], float] = time.monotonic,
                 max_retries: int = 3) -> None:
        self.config = config or TelemetryConfig()
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)
        self.sleep = sleep
        self.monotonic = monotonic
        self.max_retries = max_retries
        self._last_request = -float("inf")

    def _throttle(self) -> None:
        wait_s = self._last_request + self.config.satnogs_min_interval_s - self.monotonic()
        if wait_s > 0:
            self.sleep(wait_s)
        self._last_request = self.monotonic()

    def _get(self, url: str, params: dict[str, str] | None, token: str) -> requests.Response:
        for attempt in range(self.max_retries + 1):
            self._throttle()
            try:
                response = self.session.get(url, params=params, timeout=self.config
                                            .request_timeout_s,
                                            headers={"Authorization": f"Token {token}"})
            except requests.RequestException as exc:
                raise SourceUnavailable(url, f"{type(exc).__name__}: {exc}") from None
            if response.status_code == 429 and attempt < self.max_retries:
                retry_after = response.headers.get("Retry-After", "")
                wait_s = float(retry_after) if retry_after.isdigit() else 2.0 ** attempt * 5
                self.sleep(min(wait_s, 120.0))
                continue
            if response.status_code != 200:
                raise SourceUnavailable(url, response.text[:200].strip() or response.reason,
                                        response.status_code)
            return response
        raise SourceUnavailable(url, "still rate limited after retries", 429)

    def fetch_frames(self, norad_id: int, start: datetime, end: datetime) -> SatnogsFrames:
        """All frames of ``norad_id`` received in [start, end], following every page.

        Raises :class:`SourceUnavailable` when no token is set or the API fails; a malformed
        frame inside a good page is one :class:`FrameDecodeError`, not a failure.
        """
        base = f"{self.config.satnogs_url}/telemetry/"
        token = self.config.satnogs_token()
        if token is None:
            raise SourceUnavailable(base, f"no SatNOGS DB API token: set "
                                    f"{self.config.satnogs_token_env}")
        params: dict[str, str] | None = {
            "satellite": str(norad_id), "format": "json",
            "start": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "end": end.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        url: str | None = base
        frames: list[RawFrame] = []
        errors: list[FrameDecodeError] = []
        pages = 0
        index = 0
        while url is not None and pages < self.config.satnogs_max_pages:
            response = self._get(url, params, token)
            params = None  # the next link already carries the query and the cursor
            try:
                body = response.json()
            except ValueError as exc:
                raise SourceUnavailable(url, f"response is not JSON ({exc})", 200) from None
            items = body.get("results", []) if isinstance(body, dict) else body
            if not isinstance(items, list):
                raise SourceUnavailable(url, "response has no list of results", 200)
            pages += 1
            origin = f"SatNOGS DB page {pages}"
            for item in items:
                try:
                    if not isinstance(item, dict):
                        raise FrameDecodeError("result is not an object", decoder="",
                                               source=origin, index=index)
                    stamp = _parse_timestamp(str(item.get("timestamp", "")))
                    payload = hex_to_bytes(str(item.get("frame") or ""), source=origin,
                                           index=index)
                    frames.append(RawFrame(stamp, payload, origin, index))
                except FrameDecodeError as exc:
                    errors.append(exc)
                except ValueError:
                    errors.append(FrameDecodeError(f"bad timestamp {item.get('timestamp')!r}",
                                                   decoder="", source=origin, index=index))
                index += 1
            url = _next_link(response, body)
        provenance = Provenance(f"SatNOGS DB API {base}?satellite={norad_id}", SATNOGS_CREDIT,
                                SATNOGS_LICENCE, datetime.now(UTC), base, "fresh")
        return SatnogsFrames(tuple(frames), tuple(errors), pages, provenance)
