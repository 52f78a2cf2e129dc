"""The recorded datasets shipped in ``telemetry/snapshots/``: the offline default source.

``manifest.toml`` describes each file (source, credit, licence, fetch time, SHA-256); every
loader here returns its data together with a :class:`Provenance` built from that manifest, so the
credit line travels with the data.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from foundation.errors import first_unknown_key
from telemetry.cansat import CanSatFlight, read_cansat_csv
from telemetry.elements import ParseResult
from telemetry.errors import DataFileError, FrameDecodeError
from telemetry.frames import RawFrame, read_satnogs_export
from telemetry.provenance import Provenance
from telemetry.tle import parse_tle_text

SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshots"


@dataclass(frozen=True)
class SnapshotEntry:
    """One dataset of the manifest."""

    key: str
    file: str
    kind: str
    source: str
    url: str
    credit: str
    licence: str
    fetched_at: datetime
    sha256: str
    group: str = ""
    decoder: str = ""
    norad_id: int | None = None

    @property
    def path(self) -> Path:
        return SNAPSHOT_DIR / self.file

    def provenance(self) -> Provenance:
        return Provenance(self.source, self.credit, self.licence, self.fetched_at, self.url,
                          "snapshot")

    def sha256_matches(self) -> bool:
        """True when the shipped file still has the hash recorded in the manifest."""
        return hashlib.sha256(self.path.read_bytes()).hexdigest() == self.sha256


@dataclass(frozen=True)
class FrameDataset:
    """Raw frames of one satellite with the lines that could not be read, and provenance."""

    frames: tuple[RawFrame, ...]
    errors: tuple[FrameDecodeError, ...]
    decoder: str
    norad_id: int | None
    provenance: Provenance


_DATASET_KEYS = ("file", "kind", "source", "url", "credit", "licence", "fetched_at", "sha256",
                 "group", "decoder", "norad_id")
"""Keys of one ``[datasets.<key>]`` table; another (a misspelt ``norad_id``) is an error."""


def load_manifest(directory: Path = SNAPSHOT_DIR) -> dict[str, SnapshotEntry]:
    """All manifest entries by key (``stations``, ``cubesat``, ``active``, ``lightsail2``...)."""
    path = directory / "manifest.toml"
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    if unknown := first_unknown_key(document, ("datasets",)):
        raise DataFileError(str(path), unknown[0], unknown[1])
    entries = {}
    for key, table in document["datasets"].items():
        if unknown := first_unknown_key(table, _DATASET_KEYS):
            raise DataFileError(str(path), f"datasets.{key}.{unknown[0]}", unknown[1])
        fetched = table["fetched_at"]
        if fetched.tzinfo is None:
            fetched = fetched.replace(tzinfo=UTC)
        entries[key] = SnapshotEntry(
            key=key, file=table["file"], kind=table["kind"], source=table["source"],
            url=table["url"], credit=table["credit"], licence=table["licence"],
            fetched_at=fetched, sha256=table["sha256"], group=table.get("group", ""),
            decoder=table.get("decoder", ""), norad_id=table.get("norad_id"),
        )
    return entries


def snapshot_groups() -> list[str]:
    """CelesTrak groups available offline."""
    return [e.group for e in load_manifest().values() if e.kind == "tle"]


def _entry(key: str, kind: str) -> SnapshotEntry:
    entries = load_manifest()
    for entry in entries.values():
        if entry.kind == kind and key in (entry.key, entry.group, entry.decoder):
            return entry
    known = ", ".join(k for k, e in entries.items() if e.kind == kind)
    raise KeyError(f"no recorded {kind} dataset {key!r}; recorded: {known}")


def load_snapshot_elements(group: str) -> ParseResult:
    """The recorded element sets of a CelesTrak group, with provenance."""
    entry = _entry(group, "tle")
    text = entry.path.read_text(encoding="ascii")
    return parse_tle_text(text, entry.file).with_provenance(entry.provenance())


def load_snapshot_frames(decoder: str = "lightsail2") -> FrameDataset:
    """The recorded SatNOGS frame export for a decoder, newest first as exported."""
    entry = _entry(decoder, "satnogs_export")
    frames, errors = read_satnogs_export(entry.path)
    return FrameDataset(tuple(frames), tuple(errors), entry.decoder, entry.norad_id,
                        entry.provenance())


def load_snapshot_cansat(key: str = "cansat_3141") -> CanSatFlight:
    """The recorded CanSat flight, with provenance."""
    entry = _entry(key, "cansat_csv")
    return replace(read_cansat_csv(entry.path), provenance=entry.provenance())
