"""``academy backup`` and ``academy restore``: one archive of everything a term depends on.

The archive (``.tar.gz``) holds the data directory's databases (hub database with its users,
groups, roles and NativeAuthenticator accounts, as SQLite or as a ``pg_dump`` of
``ACADEMY_DB_URL``; every nbgrader gradebook), the nbgrader
exchange, the hub's secrets, and the course sources, plus ``MANIFEST.json`` with a SHA-256 per
member. User homes are included with ``--homes``.

Consistency while the hub runs: SQLite databases are copied with SQLite's online backup API
(a transactionally consistent snapshot, even mid-write), never by copying the file; other files
are read once each. The manifest records every file's and directory's mode, owner and group
(by name: uids differ between machines) and the academy's Unix accounts that own them, so a
restore (:mod:`academy.restore`) gives homes and grading directories back to their accounts.
"""

from __future__ import annotations

import grp
import hashlib
import io
import json
import os
import pwd
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from academy.hub.accounts import ACCOUNT_COMMENT
from foundation.config import PlatformConfig
from foundation.errors import AcademyError

FORMAT_VERSION = 2
READABLE_FORMATS = (1, 2)
"""Format 1 archives (no owners) still restore, owned by whoever restores them."""
SQLITE_SUFFIXES = (".sqlite", ".db")
SKIPPED_NAMES = {"jupyterhub.pid", "proxy.pid", "jupyterhub-proxy.pid", "academy-hub.pid"}
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


def _is_runtime_dir(relative: Path) -> bool:
    """Jupyter's runtime directories (server and kernel connection files with live tokens):
    secrets of processes that will not exist after a restore, so never archived."""
    return relative.parts[-4:] == (".local", "share", "jupyter", "runtime")


def _walk_data(platform: PlatformConfig, with_homes: bool):
    """``os.walk`` of the data directory without what a backup leaves out (logs, caches, Jupyter
    runtime directories, homes unless asked): (directory, its path in the data dir, its
    kept sub-directories, its files)."""
    root = platform.data_path
    for dirpath, dirnames, filenames in os.walk(root):
        relative = Path(dirpath).relative_to(root)
        if relative == Path("."):
            dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS
                           and (with_homes or d != "home")]
        dirnames[:] = sorted(d for d in dirnames if not _is_runtime_dir(relative / d))
        yield Path(dirpath), relative, dirnames, filenames


def _data_members(platform: PlatformConfig, with_homes: bool):
    """(path in archive, file on disk) for the data directory's files worth keeping."""
    for directory, relative, _, filenames in _walk_data(platform, with_homes):
        for name in sorted(filenames):
            if name in SKIPPED_NAMES or name.endswith(("-journal", "-wal", "-shm")):
                continue
            yield Path("data") / relative / name, directory / name


def ownership(path: Path) -> dict:
    """Mode, owner and group of ``path`` by name (a number if the name is unknown)."""
    stat = path.lstat()
    try:
        owner = pwd.getpwuid(stat.st_uid).pw_name
    except KeyError:
        owner = str(stat.st_uid)
    try:
        group = grp.getgrgid(stat.st_gid).gr_name
    except KeyError:
        group = str(stat.st_gid)
    return {"mode": stat.st_mode & 0o7777, "owner": owner, "group": group}


def academy_accounts(owners: set[str], data: Path) -> dict[str, dict]:
    """The academy's own Unix accounts among ``owners``: comment and home (relative to the
    data directory when inside it), so a restore can create them on a new machine."""
    accounts = {}
    for name in sorted(owners):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        if not entry.pw_gecos.startswith(ACCOUNT_COMMENT):
            continue
        home = Path(entry.pw_dir)
        accounts[name] = {"comment": entry.pw_gecos[len(ACCOUNT_COMMENT):].strip(),
                          "home": (str(Path("data") / home.relative_to(data))
                                   if home.is_relative_to(data) else str(home))}
    return accounts


def _data_directories(platform: PlatformConfig, with_homes: bool):
    """("data/<dir>/", path) for every directory the backup covers, the data directory too."""
    yield "data/", platform.data_path
    for directory, relative, dirnames, _ in _walk_data(platform, with_homes):
        for name in dirnames:
            yield f"{Path('data') / relative / name}/", directory / name


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
                                     **ownership(path)}
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
        for directory, path in _data_directories(platform, with_homes):
            manifest[directory] = {"directory": True, **ownership(path)}
        owners = {facts["owner"] for facts in manifest.values() if "owner" in facts}
        header = {"format": FORMAT_VERSION, "created": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                     time.gmtime()),
                  "members": manifest,
                  "accounts": academy_accounts(owners, platform.data_path.resolve())}
        _add_bytes(archive, "MANIFEST.json", json.dumps(header, indent=1).encode(), 0o600,
                   time.time())
    os.chmod(partial, 0o600)
    os.replace(partial, archive_path)
    return BackupSummary(archive_path, len(manifest), databases, archive_path.stat().st_size)
