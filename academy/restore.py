"""``academy restore``: a backup archive back into place, all or nothing.

Why staged: a restore that fails halfway leaves an academy that neither starts nor accepts a
second try. Everything is unpacked into a staging directory next to the target and verified
there: the manifest, every member against it (no member missing, none extra, no links, no name
that climbs out), every checksum, every SQLite database's integrity, then the recorded owners and
modes, applied and read back. Only then does the staging directory become the data directory, in
one ``rename``. On any failure the target is exactly as it was, the staging directory is gone and
the error is one line (:class:`academy.backup.BackupError`) naming the archive and what was wrong.

Owners come back by name: the academy's Unix accounts that a home or grading directory belonged
to are created first when the new machine lacks them. A PostgreSQL hub database is restored in a
single transaction, after checking that the target database is empty, before any file moves.
"""

from __future__ import annotations

import grp
import gzip
import hashlib
import json
import os
import pwd
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from academy.backup import (
    PG_DUMP_MEMBER,
    READABLE_FORMATS,
    SQLITE_SUFFIXES,
    BackupError,
    _libpq_url,
)
from academy.hub.accounts import ensure_account
from foundation.config import PlatformConfig

MANIFEST = "MANIFEST.json"
_ARCHIVE_ERRORS = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, OSError,
                   UnicodeDecodeError)


@dataclass
class Staged:
    """What the archive held, unpacked under ``root``: ``data/``, ``courses/``, the pg dump."""

    root: Path
    header: dict
    files: list[str]

    @property
    def members(self) -> dict[str, dict]:
        return self.header["members"]


def restore_backup(archive_path: Path, platform: PlatformConfig, *,
                   courses_dir: Path | None = None) -> int:
    """Restore into an empty (or missing) data directory; return the number of files restored.

    Course sources are restored only when ``courses_dir`` is given, into an empty or missing
    folder, the same way.
    """
    archive_path = Path(archive_path)
    targets = {"data": platform.data_path}
    if courses_dir is not None:
        targets["courses"] = Path(courses_dir)
    for label, target in targets.items():
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise BackupError(f"{target} is not empty: restore only into an empty "
                              f"{'data directory' if label == 'data' else 'folder'}")
    platform.data_path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{platform.data_path.name}.restoring-",
                                    dir=platform.data_path.parent))
    try:
        staged = unpack(archive_path, staging)
        verify_databases(archive_path, staged)
        target_db = postgres_target(archive_path, staged, platform)
        give_back_owners(archive_path, staged, platform.data_path)
        if target_db is not None:
            _pg_restore(target_db, staging / PG_DUMP_MEMBER)
        for label, target in targets.items():
            source = staging / label
            if not source.exists():
                source.mkdir()
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(source, target)  # replaces a missing or empty directory in one step
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len([name for name in staged.files
                if name.startswith("data/") or (name.startswith("courses/") and courses_dir)
                or name == PG_DUMP_MEMBER])


def unpack(archive_path: Path, staging: Path) -> Staged:
    """Every member of the archive checked and written under ``staging``; raises BackupError."""
    seen: dict[str, str] = {}
    header: dict | None = None
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            for info in archive:
                name = _safe_name(archive_path, info)
                if name in seen or (name == MANIFEST and header is not None):
                    raise BackupError(f"{archive_path}: member {name} appears twice")
                handle = archive.extractfile(info)
                assert handle is not None
                if name == MANIFEST:
                    header = _read_header(archive_path, handle.read(16 * 1024 * 1024))
                    continue
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with target.open("wb") as out:
                    while chunk := handle.read(1024 * 1024):
                        digest.update(chunk)
                        out.write(chunk)
                os.chmod(target, 0o600)
                seen[name] = digest.hexdigest()
    except BackupError:
        raise
    except _ARCHIVE_ERRORS as error:
        raise BackupError(f"{archive_path}: not a readable backup archive, or damaged "
                          f"({type(error).__name__}: {error})") from None
    if header is None:
        raise BackupError(f"{archive_path}: no {MANIFEST} (not an academy backup, or cut short)")
    files = {name for name, facts in header["members"].items() if not facts.get("directory")}
    if missing := sorted(files - set(seen)):
        raise BackupError(f"{archive_path}: member {missing[0]} is listed in the manifest but "
                          f"missing ({len(missing)} missing)")
    if extra := sorted(set(seen) - files):
        raise BackupError(f"{archive_path}: member {extra[0]} is not in the manifest")
    for name, digest in seen.items():
        if header["members"][name].get("sha256") != digest:
            raise BackupError(f"{archive_path}: {name} is corrupt (checksum mismatch)")
    return Staged(root=staging, header=header, files=sorted(seen))


def _safe_name(archive_path: Path, info: tarfile.TarInfo) -> str:
    """The member's name if it is a regular file under data/, courses/ or the two top files."""
    name = info.name
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or name != str(path):
        raise BackupError(f"{archive_path}: unsafe member name {name!r}")
    if not info.isreg():
        raise BackupError(f"{archive_path}: member {name!r} is not a regular file "
                          "(links and devices are refused)")
    if name not in (MANIFEST, PG_DUMP_MEMBER) and path.parts[0] not in ("data", "courses"):
        raise BackupError(f"{archive_path}: unexpected member {name!r}")
    return name


def _read_header(archive_path: Path, payload: bytes) -> dict:
    try:
        header = json.loads(payload)
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{archive_path}: {MANIFEST} is not valid JSON ({error})") from None
    if not isinstance(header, dict) or header.get("format") not in READABLE_FORMATS:
        raise BackupError(f"{archive_path}: format {header.get('format')!r} is not one of "
                          f"{READABLE_FORMATS}" if isinstance(header, dict) else
                          f"{archive_path}: {MANIFEST} is not a manifest")
    members = header.get("members")
    if not isinstance(members, dict) or not all(isinstance(facts, dict)
                                                for facts in members.values()):
        raise BackupError(f"{archive_path}: {MANIFEST} has no valid member list")
    for name in members:
        path = PurePosixPath(name.rstrip("/") or ".")
        if path.is_absolute() or ".." in path.parts:
            raise BackupError(f"{archive_path}: unsafe member name {name!r} in {MANIFEST}")
    return header


def verify_databases(archive_path: Path, staged: Staged) -> None:
    """``PRAGMA integrity_check`` on every SQLite database in the staging directory."""
    for name in staged.files:
        if not name.endswith(SQLITE_SUFFIXES):
            continue
        path = staged.root / name
        if path.read_bytes()[:16] != b"SQLite format 3\x00":
            continue
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                result = db.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{archive_path}: database {name} is unreadable ({error})"
                              ) from None
        if result != ("ok",):
            raise BackupError(f"{archive_path}: database {name} fails its integrity check "
                              f"({result[0]})")


def give_back_owners(archive_path: Path, staged: Staged, data_dir: Path) -> None:
    """Create the academy's missing accounts, then give every staged file and directory the
    mode, owner and group the manifest recorded, and read them back.

    An account that exists already is left as it is (a restore beside a running academy on the
    same machine must not move that academy's homes); the hub points it at the restored home
    when the restored academy starts.

    Without root the owners cannot change: files keep the restoring user's ownership and
    only modes are applied. Format-1 archives recorded modes only.
    """
    as_root = os.geteuid() == 0
    if as_root:
        for name, account in staged.header.get("accounts", {}).items():
            try:
                pwd.getpwnam(name)
                continue  # kept as it is: a trial restore must not re-home a running academy
            except KeyError:
                pass
            home = Path(account["home"])
            home = data_dir / home.relative_to("data") if home.parts[0] == "data" else home
            ensure_account(name, home, account.get("comment", "restored account"),
                           make_home=False)
    directories = sorted((name for name, facts in staged.members.items()
                          if facts.get("directory")), key=lambda n: -n.count("/"))
    for name in [*staged.files, *directories]:
        facts = staged.members[name]
        path = staged.root / name.rstrip("/")
        if facts.get("directory"):
            path.mkdir(parents=True, exist_ok=True)
        if name.startswith("courses/"):
            os.chmod(path, facts.get("mode", 0o644))
            continue
        uid, gid = _ids(archive_path, facts) if as_root else (-1, -1)
        os.chown(path, uid, gid, follow_symlinks=False)
        os.chmod(path, facts.get("mode", 0o600 if not facts.get("directory") else 0o700))
        stat = path.lstat()
        if stat.st_mode & 0o7777 != facts.get("mode", stat.st_mode & 0o7777) or \
                (uid >= 0 and (stat.st_uid, stat.st_gid) != (uid, gid)):
            raise BackupError(f"{archive_path}: could not give {name} its recorded owner and "
                              "mode")


def _ids(archive_path: Path, facts: dict) -> tuple[int, int]:
    """Numeric owner and group for the recorded names (root when none was recorded)."""
    owner, group = facts.get("owner", "root"), facts.get("group", "root")
    try:
        uid = int(owner) if owner.isdigit() else pwd.getpwnam(owner).pw_uid
        gid = int(group) if group.isdigit() else grp.getgrnam(group).gr_gid
    except KeyError:
        raise BackupError(f"{archive_path}: owner {owner}:{group} is not an account on this "
                          "machine and not one the academy made") from None
    return uid, gid


def postgres_target(archive_path: Path, staged: Staged, platform: PlatformConfig
                    ) -> str | None:
    """The empty PostgreSQL database to restore the archive's hub database into, or None if
    the archive has none; refuses a missing or non-empty target before anything is written."""
    if PG_DUMP_MEMBER not in staged.files:
        return None
    url = _libpq_url(platform.db_url)
    if url is None:
        raise BackupError(f"{archive_path} holds a PostgreSQL hub database: set ACADEMY_DB_URL "
                          "to an empty PostgreSQL database to restore it into")
    _require_empty_postgres(url)
    return url


def _require_empty_postgres(url: str) -> None:
    """Refuse, before anything is written, a PostgreSQL database that already has tables."""
    done = subprocess.run(
        ["psql", "--no-psqlrc", "-At", f"--dbname={url}", "-c",
         "SELECT count(*) FROM pg_catalog.pg_tables "
         "WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"],
        capture_output=True, text=True, check=False, timeout=60)
    if done.returncode != 0:
        raise BackupError("cannot reach the PostgreSQL database of ACADEMY_DB_URL: "
                          f"{' '.join(done.stderr.split())[:300]}")
    if done.stdout.strip() != "0":
        raise BackupError(f"the PostgreSQL database of ACADEMY_DB_URL is not empty "
                          f"({done.stdout.strip()} tables): restore only into an empty one")


def _pg_restore(url: str, dump: Path) -> None:
    """The dump in ONE transaction: a failure leaves the database as empty as it was."""
    done = subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction",
                           f"--dbname={url}", str(dump)], capture_output=True, check=False,
                          timeout=3600)
    if done.returncode != 0:
        raise BackupError("pg_restore into the hub database failed, nothing was kept: "
                          f"{' '.join(done.stderr.decode(errors='replace').split())[:300]}")
