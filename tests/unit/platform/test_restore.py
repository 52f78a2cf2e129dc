"""``academy restore`` is all or nothing: every kind of damaged archive is refused with one line
naming the archive and the fault, the target is left exactly as it was and no staging directory
is left behind; a good archive comes back with the modes it was backed up with.

Real archives written by ``write_backup`` from a small data directory, damaged the ways an
operator's copy can be damaged (bits flipped, cut short, members changed, added or removed,
links and climbing names planted).
"""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import stat
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest

from academy.backup import BackupError, write_backup
from academy.restore import restore_backup
from foundation.config import PlatformConfig


def make_data_dir(root: Path) -> Path:
    """A data directory with the parts a term depends on: hub database, secrets, exchange."""
    data = root / "var"
    (data / "hub").mkdir(parents=True)
    with sqlite3.connect(data / "hub" / "jupyterhub.sqlite") as db:
        db.execute("CREATE TABLE users (name TEXT)")
        db.execute("INSERT INTO users VALUES ('student1')")
    secret = data / "hub" / "jupyterhub_cookie_secret"
    secret.write_text("c0ffee")
    secret.chmod(0o600)
    (data / "hub").chmod(0o700)
    exchange = data / "exchange" / "orbits" / "inbound"
    exchange.mkdir(parents=True)
    (data / "exchange").chmod(0o1777)
    (exchange / "student1+a1+ts" ).mkdir()
    (exchange / "student1+a1+ts" / "a1.ipynb").write_text('{"cells": []}')
    runtime = data / "grading" / "orbits" / ".local" / "share" / "jupyter" / "runtime"
    runtime.mkdir(parents=True)
    (runtime / "jpserver-1.json").write_text('{"token": "live-hub-token"}')
    return data


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("term")
    data = make_data_dir(root)
    courses = root / "courses"
    courses.mkdir()
    platform = PlatformConfig(data_dir=str(data), courses_dir=str(courses),
                              db_url=f"sqlite:///{data / 'hub' / 'jupyterhub.sqlite'}")
    path = root / "term.tar.gz"
    write_backup(platform, path)
    return path


def platform_for(target: Path) -> PlatformConfig:
    return PlatformConfig(data_dir=str(target),
                          db_url=f"sqlite:///{target / 'hub' / 'jupyterhub.sqlite'}")


def rewrite(archive: Path, destination: Path,
            change: Callable[[str, bytes], list[tuple[tarfile.TarInfo, bytes | None]]]) -> Path:
    """``archive`` re-packed with each member replaced by what ``change`` returns for it."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(destination, "w:gz") as out:
        for info in source:
            payload = source.extractfile(info).read()
            for new_info, new_payload in change(info.name, payload) or []:
                out.addfile(new_info, io.BytesIO(new_payload) if new_payload is not None
                            else None)
    return destination


def member(name: str, payload: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(payload)
    info.mode = 0o600
    return info, payload


def flip_middle(archive: Path, destination: Path) -> Path:
    raw = bytearray(archive.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    destination.write_bytes(bytes(raw))
    return destination


def damaged(kind: str, archive: Path, tmp: Path) -> Path:
    out = tmp / f"{kind}.tar.gz"
    if kind == "header":
        raw = bytearray(archive.read_bytes())
        raw[0:4] = b"\x00\x00\x00\x00"
        out.write_bytes(bytes(raw))
        return out
    if kind == "middle":
        return flip_middle(archive, out)
    if kind == "truncated":
        out.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
        return out
    if kind == "one-member":
        return rewrite(archive, out, lambda name, data: [member(
            name, data.replace(b"c0ffee", b"deadbe") if name.endswith("cookie_secret")
            else data)])
    if kind == "missing-member":
        return rewrite(archive, out, lambda name, data: [] if name.endswith("cookie_secret")
                       else [member(name, data)])
    if kind == "extra-member":
        return rewrite(archive, out, lambda name, data: [member(name, data)] + (
            [member("data/hub/planted.py", b"print('x')")] if name == "MANIFEST.json"
            else []))
    if kind == "symlink-member":
        def plant_link(name: str, data: bytes):
            link = tarfile.TarInfo("data/hub/link")
            link.type = tarfile.SYMTYPE
            link.linkname = "/etc/shadow"
            return [member(name, data)] + ([(link, None)] if name == "MANIFEST.json" else [])
        return rewrite(archive, out, plant_link)
    if kind == "climbing-member":
        return rewrite(archive, out, lambda name, data: [member(
            "data/../../escaped" if name.endswith("cookie_secret") else name, data)])
    if kind == "manifest":
        return rewrite(archive, out, lambda name, data: [member(
            name, b"{not json" if name == "MANIFEST.json" else data)])
    raise ValueError(kind)


KINDS = ["header", "middle", "truncated", "one-member", "missing-member", "extra-member",
         "symlink-member", "climbing-member", "manifest"]
EXPECTED = {"header": "damaged", "middle": "", "truncated": "damaged",
            "one-member": "checksum mismatch", "missing-member": "missing",
            "extra-member": "not in the manifest", "symlink-member": "not a regular file",
            "climbing-member": "unsafe member name", "manifest": "not valid JSON"}


@pytest.mark.parametrize("target_state", ["missing", "empty"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_damaged_archive_is_refused_in_one_line_and_changes_nothing(
        archive: Path, tmp_path: Path, kind: str, target_state: str) -> None:
    bad = damaged(kind, archive, tmp_path)
    target = tmp_path / "restored" / "var"
    if target_state == "empty":
        target.mkdir(parents=True)
    before = sorted(p.name for p in target.parent.iterdir()) if target.parent.exists() else []
    with pytest.raises(BackupError) as caught:
        restore_backup(bad, platform_for(target))
    message = str(caught.value)
    assert "\n" not in message and str(bad) in message, message
    assert EXPECTED[kind] in message, message
    assert (target.exists() and not any(target.iterdir())) if target_state == "empty" \
        else not target.exists()
    after = sorted(p.name for p in target.parent.iterdir()) if target.parent.exists() else []
    assert after == before or after == [], f"left behind: {after}"


def test_a_good_archive_restores_with_its_recorded_modes(archive: Path, tmp_path: Path) -> None:
    target = tmp_path / "restored" / "var"
    count = restore_backup(archive, platform_for(target))
    assert count >= 3
    assert stat.S_IMODE((target / "hub").stat().st_mode) == 0o700
    assert stat.S_IMODE((target / "hub" / "jupyterhub_cookie_secret").stat().st_mode) == 0o600
    assert stat.S_IMODE((target / "exchange").stat().st_mode) == 0o1777
    with sqlite3.connect(target / "hub" / "jupyterhub.sqlite") as db:
        assert db.execute("SELECT name FROM users").fetchall() == [("student1",)]
    assert [p.name for p in target.parent.iterdir()] == ["var"]


def test_the_manifest_records_owners_and_every_directory(archive: Path) -> None:
    with tarfile.open(archive, "r:gz") as tar:
        header = json.loads(tar.extractfile("MANIFEST.json").read())
    members = header["members"]
    assert header["format"] == 2
    assert members["data/hub/jupyterhub_cookie_secret"]["owner"] == "root"
    assert members["data/exchange/"]["mode"] == 0o1777
    assert "data/exchange/orbits/inbound/" in members
    # Live server and kernel tokens are never archived (useless after a restore, and secret).
    assert not [name for name in members if "/runtime" in name]


def test_a_non_empty_target_is_refused(archive: Path, tmp_path: Path) -> None:
    target = tmp_path / "var"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    with pytest.raises(BackupError, match="is not empty"):
        restore_backup(archive, platform_for(target))
    assert (target / "keep.txt").read_text() == "mine"


def test_gzip_of_garbage_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "garbage.tar.gz"
    bad.write_bytes(gzip.compress(b"not a tar archive at all" * 100))
    with pytest.raises(BackupError) as caught:
        restore_backup(bad, platform_for(tmp_path / "var"))
    assert "\n" not in str(caught.value)
