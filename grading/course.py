"""Load a course directory: its nbgrader configuration, gradebook and one assignment.

This is the first step of the pipeline and the only one that reads ``nbgrader_config.py``. Every
later step gets the resulting :class:`Course`, so paths are built in one place (nbgrader's
``CourseDirectory``) and a missing course or an assignment that was never generated fails here,
before any kernel starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Config, PyFileConfigLoader
from traitlets.config.loader import ConfigFileNotFound

from foundation.config.grading import GradingConfig
from grading.errors import CourseNotFoundError


@dataclass(frozen=True)
class Course:
    """One course and the assignment being graded."""

    root: Path
    course_id: str
    assignment: str
    db_url: str
    nbgrader_config: Config
    notebook_ids: tuple[str, ...]

    def coursedir(self, exchange_dir: Path | None = None) -> CourseDirectory:
        """A fresh nbgrader ``CourseDirectory`` for this course (nbgrader apps mutate theirs)."""
        return CourseDirectory(config=self.config(exchange_dir))

    def config(self, exchange_dir: Path | None = None) -> Config:
        """The course's nbgrader config with root, course id, gradebook and exchange set."""
        config = Config(self.nbgrader_config)
        config.CourseDirectory.root = str(self.root)
        config.CourseDirectory.course_id = self.course_id
        config.CourseDirectory.db_url = self.db_url
        config.CourseDirectory.assignment_id = self.assignment
        if exchange_dir is not None:
            config.Exchange.root = str(exchange_dir)
        return config

    def submitted_dir(self, student: str) -> Path:
        return self.root / "submitted" / student / self.assignment

    def autograded_dir(self, student: str) -> Path:
        return self.root / "autograded" / student / self.assignment

    @property
    def source_dir(self) -> Path:
        return self.root / "source" / self.assignment


def read_nbgrader_config(course_dir: Path) -> Config:
    """``nbgrader_config.py`` of the course, or an empty config when it has none."""
    loader = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir))
    try:
        return loader.load_config()
    except ConfigFileNotFound:
        return Config()


def load_course(course_dir: Path | str, assignment: str,
                config: GradingConfig | None = None) -> Course:
    """The course at ``course_dir`` with ``assignment`` checked against its gradebook.

    The course id is ``CourseDirectory.course_id`` from ``nbgrader_config.py``, else the
    directory's name. Raises :class:`CourseNotFoundError` naming the path when the course, the
    assignment's source or its gradebook entry (made by ``nbgrader generate_assignment``) is
    missing.
    """
    root = Path(course_dir).absolute()
    if not root.is_dir():
        raise CourseNotFoundError(root, "no such course directory")
    nbgrader_config = read_nbgrader_config(root)
    course_id = nbgrader_config.get("CourseDirectory", {}).get("course_id") or root.name
    source = root / "source" / assignment
    if not source.is_dir():
        raise CourseNotFoundError(source, f"assignment '{assignment}' has no source directory")
    grading_config = config or GradingConfig()
    db_url = nbgrader_config.get("CourseDirectory", {}).get("db_url") or \
        grading_config.gradebook_url_for(root)
    try:
        with Gradebook(db_url, course_id) as gradebook:
            notebooks = gradebook.find_assignment(assignment).notebooks
            notebook_ids = tuple(sorted(nb.name for nb in notebooks))
    except MissingEntry:
        raise CourseNotFoundError(source, f"assignment '{assignment}' is not in the gradebook "
                                  f"{db_url}; run 'nbgrader generate_assignment {assignment}' "
                                  "first") from None
    return Course(root=root, course_id=course_id, assignment=assignment, db_url=db_url,
                  nbgrader_config=nbgrader_config, notebook_ids=notebook_ids)
