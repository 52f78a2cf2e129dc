"""Scratch and socket directories for one sandboxed run, created and removed by the parent.

Layout: one private run directory (mode 0711: sandbox accounts may pass through it but not list
it), and in it per sandboxed process ``scratch`` (the files it starts with), ``ipc`` (the
connection file; a local kernel's sockets) and ``quota`` (where the sandbox mounts its own quota
tmpfs, empty as the host sees it), all owned by the slot's account, mode 0700, so one sandbox
cannot even name another's files. Whatever a sandbox writes lives on its tmpfs and is gone with
it: removing a workspace costs the same for a flood of a million files as for none.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from grading.record import copy_regular_files
from grading.runner.base import Workspace

EXCHANGE_BOOKKEEPING = frozenset({"timestamp.txt", "submission_secret.txt"})
"""nbgrader's files in a submission; the notebook has no use for them."""


@contextmanager
def run_directory() -> Iterator[Path]:
    """A private directory for one grading run, removed afterwards."""
    path = Path(tempfile.mkdtemp(prefix="academy-grading-"))
    os.chmod(path, 0o711)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def create_workspace(run_dir: Path, name: str, files_from: Path,
                     owner: tuple[int, int] | None) -> Workspace:
    """A workspace under ``run_dir`` holding copies of the regular files of ``files_from``."""
    base = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=run_dir))
    os.chmod(base, 0o711)
    workspace = Workspace(scratch_dir=base / "scratch", ipc_dir=base / "ipc",
                          quota_dir=base / "quota")
    for directory in (workspace.scratch_dir, workspace.ipc_dir, workspace.quota_dir):
        directory.mkdir()
    copy_regular_files(files_from, workspace.scratch_dir, skip_notebooks=True,
                       skip_names=EXCHANGE_BOOKKEEPING)
    for directory in (workspace.scratch_dir, workspace.ipc_dir, workspace.quota_dir):
        for path in (directory, *directory.rglob("*")):
            if owner is not None:
                os.chown(path, *owner, follow_symlinks=False)
        os.chmod(directory, 0o700)
    return workspace


def remove_workspace(workspace: Workspace) -> None:
    """Delete what the kernel left behind (its files are not graded, only its outputs are)."""
    shutil.rmtree(workspace.scratch_dir.parent, ignore_errors=True)
