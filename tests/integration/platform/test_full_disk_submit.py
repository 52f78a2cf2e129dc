"""A full disk during submission: a clear message, and no half-written submission in the
exchange (a real 1 MiB tmpfs as the exchange, real nbgrader exchange classes)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbgrader.auth import Authenticator
from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange import ExchangeError
from nbgrader.exchange.default.submit import ExchangeSubmit
from traitlets.config import Config

from grading.atomic_submit import AtomicExchangeSubmit

pytestmark = [pytest.mark.root]


@pytest.fixture
def small_exchange(tmp_path):
    """An exchange on a 1 MiB filesystem with a released assignment."""
    if os.geteuid() != 0:
        pytest.fail("mounting a small tmpfs needs root (CI runs as root)")
    root = tmp_path / "exchange"
    root.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(root)], check=True)
    try:
        released = root / "orbits" / "outbound" / "a1"
        released.mkdir(parents=True)
        nbformat.write(nbformat.v4.new_notebook(), released / "orbit.ipynb")
        (root / "orbits" / "inbound").mkdir()
        os.chmod(root / "orbits" / "inbound", 0o1777)
        yield root
    finally:
        subprocess.run(["umount", str(root)], check=False)


def student_work(tmp_path: Path, size_bytes: int) -> Path:
    """The student's copy of the assignment, with a notebook of about ``size_bytes``."""
    work = tmp_path / "home" / "orbits" / "a1"
    work.mkdir(parents=True)
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_markdown_cell("x" * size_bytes))
    nbformat.write(notebook, work / "orbit.ipynb")
    return tmp_path / "home"


def submit(exchange_class, exchange: Path, home: Path, cache: Path) -> None:
    config = Config()
    config.Exchange.root = str(exchange)
    config.Exchange.path_includes_course = True
    config.Exchange.assignment_dir = str(home)
    config.Exchange.cache = str(cache)
    config.CourseDirectory.course_id = "orbits"
    config.CourseDirectory.assignment_id = "a1"
    config.CourseDirectory.student_id = "student1"
    exchange_class(coursedir=CourseDirectory(config=config),
                   authenticator=Authenticator(config=config), config=config).start()


def inbound_entries(exchange: Path) -> list[str]:
    return sorted(os.listdir(exchange / "orbits" / "inbound"))


def test_full_disk_gives_a_clear_error_and_leaves_nothing(small_exchange, tmp_path):
    home = student_work(tmp_path, 2 * 2**20)  # 2 MiB: does not fit
    with pytest.raises(ExchangeError) as caught:
        submit(AtomicExchangeSubmit, small_exchange, home, tmp_path / "cache")
    assert "exchange disk is full" in str(caught.value)
    assert "Nothing was submitted" in str(caught.value)
    assert inbound_entries(small_exchange) == []  # not even a hidden partial copy
    assert (home / "orbits" / "a1" / "orbit.ipynb").stat().st_size > 2 * 2**20  # work kept


def test_nbgraders_default_would_leave_a_partial_submission(small_exchange, tmp_path):
    """Why the atomic submit exists: the default leaves a broken entry to be collected."""
    home = student_work(tmp_path, 2 * 2**20)
    with pytest.raises(OSError):
        submit(ExchangeSubmit, small_exchange, home, tmp_path / "cache")
    assert len(inbound_entries(small_exchange)) == 1


def test_a_submission_that_fits_arrives_whole(small_exchange, tmp_path):
    home = student_work(tmp_path, 10_000)
    submit(AtomicExchangeSubmit, small_exchange, home, tmp_path / "cache")
    (entry,) = inbound_entries(small_exchange)
    assert entry.startswith("student1+a1+")
    submitted = small_exchange / "orbits" / "inbound" / entry
    assert sorted(os.listdir(submitted)) == ["orbit.ipynb", "submission_secret.txt",
                                             "timestamp.txt"]
    nbformat.read(submitted / "orbit.ipynb", as_version=4)  # complete and valid
