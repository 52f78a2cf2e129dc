"""An on-disk cache of downloaded element sets, shared by every user of one hub.

One data file per CelesTrak group plus a small JSON metadata file (when fetched, from where,
failures so far, when the next attempt is allowed). Every write goes to a temporary file in the
same directory and is renamed over the old one with ``os.replace``, which is atomic on POSIX: a
reader in another kernel sees the old file or the new one, never half of one. Two refreshes
racing simply both write complete files; the last rename wins.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

_GROUP_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class CacheMeta:
    """What the cache knows about one group (times are ISO 8601 UTC strings or empty)."""

    group: str
    format: str = ""
    url: str = ""
    fetched_at: str = ""
    last_attempt: str = ""
    failures: int = 0
    next_attempt_after: str = ""
    last_error: str = ""

    def fetched_datetime(self) -> datetime | None:
        return datetime.fromisoformat(self.fetched_at) if self.fetched_at else None

    def next_attempt_datetime(self) -> datetime | None:
        return datetime.fromisoformat(self.next_attempt_after) if self.next_attempt_after else None


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so that concurrent readers never see a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as tmp:
            tmp.write(text)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


class ElementCache:
    """The cache directory of live CelesTrak data (``TelemetryConfig.cache_dir``)."""

    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)

    def _check(self, group: str) -> str:
        if not _GROUP_NAME.match(group):
            raise ValueError(f"group name {group!r} is not a CelesTrak group name "
                             "(letters, digits, '-', '_', '.')")
        return group

    def data_path(self, group: str, fmt: str) -> Path:
        return self.directory / f"{self._check(group)}.{fmt}"

    def meta_path(self, group: str) -> Path:
        return self.directory / f"{self._check(group)}.meta.json"

    def read_meta(self, group: str) -> CacheMeta:
        """Metadata of a group (an empty record when never fetched or unreadable)."""
        path = self.meta_path(group)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return CacheMeta(**{k: v for k, v in raw.items() if k in CacheMeta.__annotations__})
        except (FileNotFoundError, json.JSONDecodeError, TypeError):
            return CacheMeta(group)

    def read_data(self, group: str) -> tuple[str, CacheMeta] | None:
        """The last good payload of a group and its metadata, or None."""
        meta = self.read_meta(group)
        if not meta.format or not meta.fetched_at:
            return None
        try:
            text = self.data_path(group, meta.format).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        return text, meta

    def write_success(self, group: str, text: str, fmt: str, url: str, now: datetime) -> CacheMeta:
        """Store a good payload and reset the failure count."""
        atomic_write_text(self.data_path(group, fmt), text)
        meta = CacheMeta(group, fmt, url, now.astimezone(UTC).isoformat(),
                         now.astimezone(UTC).isoformat(), 0, "", "")
        atomic_write_text(self.meta_path(group), json.dumps(asdict(meta), indent=1))
        return meta

    def write_failure(self, group: str, reason: str, now: datetime,
                      backoff_initial_s: int, backoff_max_s: int) -> CacheMeta:
        """Record a failed attempt; the wait before the next doubles each time (capped)."""
        old = self.read_meta(group)
        failures = old.failures + 1
        wait_s = min(backoff_initial_s * 2 ** (failures - 1), backoff_max_s)
        next_after = datetime.fromtimestamp(now.timestamp() + wait_s, UTC)
        meta = CacheMeta(group, old.format, old.url, old.fetched_at,
                         now.astimezone(UTC).isoformat(), failures, next_after.isoformat(),
                         reason[:500])
        atomic_write_text(self.meta_path(group), json.dumps(asdict(meta), indent=1))
        return meta
