"""``academy backup`` and ``academy restore``: one archive of everything a term depends on.

The archive (``.tar.gz``) holds the data directory's databases (hub database with its users,
groups, roles and NativeAuthenticator accounts, as SQLite or as a ``pg_dump`` of
``ACADEMY_DB_URL``; every nbgrader gradebook), the nbgrader
exchange, the hub's secrets, and the course sources, plus ``MANIFEST.json`` with a SHA-256 per
member. User homes are included with ``--homes``.

Consistency while the hub runs: SQLite databases are copied with SQLite's online backup API
(a transactionally consistent snapshot, even mid-write), never by copying the file; other files
are read once each. Restore only goes into an empty data directory, so it can never mix two
terms' state.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from academy.config import PlatformConfig
from academy.errors import AcademyError

FORMAT_VERSION = 1
SQLITE_SUFFIXES = (".sqlite", ".db")
SKIPPED_NAMES = {"jupyterhub.pid", "proxy.pid", "jupyterhub-proxy.pid"}
SKIPPED_DIRS = {"logs", "cache"}
PG_DUMP_MEMBER = "postgresql/hub.pgdump"


class BackupError(AcademyError, RuntimeError):
    """A backup could not be written or an archive cannot be restored (names the path)."""


@dataclass(frozen=True)
class BackupSummary:
    archive: Path
    members: int
    databases: int
    bytes_written: int


def _is_sqlite(path: Path) -> bool:
    if path.suffix not in SQLITE_SUFFIXES:
        return False
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def _snapshot_sqlite(path: Path) -> bytes:
    """A consistent copy of a live SQLite database (online backup API)."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "snapshot.sqlite"
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return copy.read_bytes()


def _libpq_url(url: str) -> str | None:
    """The libpq form of a SQLAlchemy PostgreSQL URL (drops '+driver'), or None if not one."""
    scheme, _, rest = url.partition("://")
    if scheme.split("+")[0] not in ("postgresql", "postgres"):
        return None
    return f"postgresql://{rest}"


def _pg_dump(url: str) -> bytes:
    """A consistent dump of a live PostgreSQL database (pg_dump runs in one transaction)."""
    done = subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--dbname={url}"],
                          capture_output=True, check=False, timeout=3600)
    if done.returncode != 0:
        raise BackupError(f"pg_dump of the hub database failed: "
                          f"{done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def _pg_restore(url: str, dump: bytes) -> None:
    with tempfile.NamedTemporaryFile(suffix=".pgdump") as handle:
        handle.write(dump)
        handle.flush()
        done = subprocess.run(["pg_restore", "--no-owner", "--exit-on-error",
                               f"--dbname={url}", handle.name], capture_output=True,
                              check=False, timeout=3600)
    if done.returncode != 0:
        raise BackupError(f"pg_restore into the hub database failed (it must be empty): "
                          f"{done.stderr.decode(errors='replace').strip()}")


def _data_members(platform: PlatformConfig, with_homes: bool):
    """(path in archive, file on disk) for the data directory's files worth keeping."""
    root = platform.data_path
    for dirpath, dirnames, filenames in os.walk(root):
        relative = Path(dirpath).relative_to(root)
        if relative == Path("."):
            dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS
                           and (with_homes or d != "home")]
        for name in sorted(filenames):
            if name in SKIPPED_NAMES or name.endswith(("-journal", "-wal", "-shm")):
                continue
            yield Path("data") / relative / name, Path(dirpath) / name


def _add_bytes(archive: tarfile.TarFile, name: str, payload: bytes, mode: int,
               mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    info.mode = mode
    info.mtime = mtime
    archive.addfile(info, io.BytesIO(payload))


def write_backup(platform: PlatformConfig, archive_path: Path, *,
                 with_homes: bool = False) -> BackupSummary:
    """Write the archive atomically (a partial archive never has the final name)."""
    archive_path = Path(archive_path)
    if not platform.data_path.is_dir():
        raise BackupError(f"data directory {platform.data_path} does not exist")
    manifest: dict[str, dict] = {}
    databases = 0
    partial = archive_path.with_name(archive_path.name + ".partial")
    with tarfile.open(partial, "w:gz") as archive:
        for member, path in _data_members(platform, with_homes):
            stat = path.stat()
            if _is_sqlite(path):
                payload = _snapshot_sqlite(path)
                databases += 1
            else:
                payload = path.read_bytes()
            _add_bytes(archive, str(member), payload, stat.st_mode & 0o7777, stat.st_mtime)
            manifest[str(member)] = {"sha256": hashlib.sha256(payload).hexdigest(),
                                     "mode": stat.st_mode & 0o7777}
        hub_pg = _libpq_url(platform.db_url)
        if hub_pg is not None:
            payload = _pg_dump(hub_pg)
            databases += 1
            _add_bytes(archive, PG_DUMP_MEMBER, payload, 0o600, time.time())
            manifest[PG_DUMP_MEMBER] = {"sha256": hashlib.sha256(payload).hexdigest(),
                                        "mode": 0o600, "postgresql": True}
        courses = Path(platform.courses_dir)
        skipped = {".ipynb_checkpoints", "__pycache__"}
        for path in sorted(p for p in courses.rglob("*")
                           if p.is_file() and not skipped & set(p.parts)):
            member = Path("courses") / path.relative_to(courses)
            payload = path.read_bytes()
            _add_bytes(archive, str(member), payload, 0o644, path.stat().st_mtime)
            manifest[str(member)] = {"sha256": hashlib.sha256(payload).hexdigest(),
                                     "mode": 0o644}
        for directory in ("data/hub", "data/exchange", "data/home"):
            mode = {"data/hub": 0o700, "data/exchange": 0o1777, "data/home": 0o755}[directory]
            manifest.setdefault(f"{directory}/", {"mode": mode, "directory": True})
        header = {"format": FORMAT_VERSION, "created": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                     time.gmtime()),
                  "members": manifest}
        _add_bytes(archive, "MANIFEST.json", json.dumps(header, indent=1).encode(), 0o600,
                   time.time())
    os.chmod(partial, 0o600)
    os.replace(partial, archive_path)
    return BackupSummary(archive_path, len(manifest), databases, archive_path.stat().st_size)


def _restore_postgres(archive: tarfile.TarFile, archive_path: Path, name: str, facts: dict,
                      platform: PlatformConfig) -> None:
    target = _libpq_url(platform.db_url)
    if target is None:
        raise BackupError(f"{archive_path} holds a PostgreSQL hub database: set ACADEMY_DB_URL "
                          "to an empty PostgreSQL database to restore it into")
    payload = archive.extractfile(name).read()
    if hashlib.sha256(payload).hexdigest() != facts["sha256"]:
        raise BackupError(f"{archive_path}: {name} is corrupt (checksum mismatch)")
    _pg_restore(target, payload)


def restore_backup(archive_path: Path, platform: PlatformConfig, *,
                   courses_dir: Path | None = None) -> int:
    """Restore into an empty data directory; returns the number of files restored.

    Course sources are restored only when ``courses_dir`` is given (the checkout usually has
    them already). Every member is checked against the manifest's SHA-256 first.
    """
    archive_path = Path(archive_path)
    data = platform.data_path
    if data.exists() and any(data.iterdir()):
        raise BackupError(f"{data} is not empty: restore only into an empty data directory")
    try:
        archive = tarfile.open(archive_path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive_path}: not a readable backup archive ({error})") from None
    restored = 0
    with archive:
        try:
            header = json.loads(archive.extractfile("MANIFEST.json").read())
        except (KeyError, json.JSONDecodeError) as error:
            raise BackupError(f"{archive_path}: no valid MANIFEST.json ({error})") from None
        if header.get("format") != FORMAT_VERSION:
            raise BackupError(f"{archive_path}: format {header.get('format')!r} is not "
                              f"{FORMAT_VERSION}")
        members = header["members"]
        for name, facts in members.items():
            if facts.get("directory"):
                continue
            if facts.get("postgresql"):
                _restore_postgres(archive, archive_path, name, facts, platform)
                restored += 1
                continue
            target_root, relative = (data, Path(name).relative_to("data")) if \
                name.startswith("data/") else (courses_dir, Path(name).relative_to("courses"))
            if target_root is None:
                continue
            if ".." in relative.parts or relative.is_absolute():
                raise BackupError(f"{archive_path}: unsafe member name {name!r}")
            payload = archive.extractfile(name).read()
            if hashlib.sha256(payload).hexdigest() != facts["sha256"]:
                raise BackupError(f"{archive_path}: {name} is corrupt (checksum mismatch)")
            target = Path(target_root) / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(payload)
            os.chmod(target, facts["mode"])
            restored += 1
        for name, facts in members.items():
            if facts.get("directory"):
                folder = data / Path(name).relative_to("data")
                folder.mkdir(parents=True, exist_ok=True)
                os.chmod(folder, facts["mode"])
    return restored
