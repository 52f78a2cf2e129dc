"""Grading settings: how many submissions run at once, what each sandbox may use, late policy.

Every limit applies to ONE notebook of ONE submission, inside its own sandbox. Values come from
``ACADEMY_GRADING_*`` environment variables (read when the object is built), from a traitlets
config (``c.GradingConfig.workers = 4``) or from the constructor; bad values raise
:class:`foundation.errors.ConfigError` naming the variable and the value.
"""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

from traitlets import Enum, Float, Int, Unicode, default, validate
from traitlets.config import Configurable

from foundation.config.environment import env_int, env_str
from foundation.errors import ConfigError

_SIZE_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}
_SIZE_RE = re.compile(r"^\s*(\d+)\s*([KMG]?)i?B?\s*$", re.IGNORECASE)


def parse_size_bytes(name: str, raw: str) -> int:
    """Bytes from ``"1048576"``, ``"512K"``, ``"1M"`` or ``"2GiB"``; rejects anything else.

    One parser for every size setting, so "1M" means the same thing everywhere (MiB).
    """
    match = _SIZE_RE.match(raw)
    if match is None:
        raise ConfigError(name, raw, "must be a size such as 1048576, 512K, 1M or 2G")
    return int(match.group(1)) * _SIZE_UNITS[match.group(2).upper()]


_PATTERNS_RE = re.compile(r"^[A-Za-z0-9_*?\[\]/.,\s-]*$")


def check_patterns(name: str, raw: str) -> str:
    """``raw`` stripped, if it is names/shell patterns separated by commas (else ConfigError)."""
    if not _PATTERNS_RE.match(raw):
        raise ConfigError(name, raw, "must be names or shell patterns separated by commas, "
                          "e.g. 'orbits,cansat' or 'orbits/a1-*'")
    return raw.strip()


def split_patterns(raw: str) -> list[str]:
    """Comma-separated names or shell patterns; 'none' (any case) or blank means none."""
    if raw.strip().lower() in ("", "none"):
        return []
    return [part.strip() for part in raw.split(",") if part.strip()]


def _env_float(name: str, default_value: float) -> float:
    raw = os.environ.get(name)
    if raw is None:
        return default_value
    try:
        return float(raw.strip())
    except ValueError:
        raise ConfigError(name, raw, "must be a number such as 10 or 2.5") from None


class GradingConfig(Configurable):
    """Settings of the autograding pipeline and of the sandbox each submission runs in."""

    workers = Int(help="Submissions graded at the same time, one sandboxed kernel each "
                  "(ACADEMY_GRADING_WORKERS, at least 1). Default: the number of CPU cores "
                  "plus one, because each notebook spends about half a second waiting on its "
                  "kernel's start-up handshake with an idle core (measured: benchmarks/README."
                  "md); lower it when the grading machine also serves students."
                  ).tag(config=True)
    cpu_time_s = Int(help="CPU seconds each process of a submission may use before the kernel "
                     "kills it (RLIMIT_CPU; ACADEMY_GRADING_CPU_TIME, at least 1)."
                     ).tag(config=True)
    wall_time_s = Int(help="Wall-clock seconds one notebook may run, kernel start-up included, "
                      "before its whole sandbox is killed (ACADEMY_GRADING_WALL_TIME, "
                      "at least 1).").tag(config=True)
    memory_mb = Int(help="Address space per process in MiB (RLIMIT_AS; "
                    "ACADEMY_GRADING_MEMORY_MB, at least 256). A bigger allocation raises "
                    "MemoryError in the student's cell.").tag(config=True)
    max_processes = Int(help="Processes AND threads the sandbox user may run (RLIMIT_NPROC; "
                        "ACADEMY_GRADING_MAX_PROCESSES, at least 16: an idle ipykernel already "
                        "uses about 8 threads).").tag(config=True)
    output_limit_bytes = Int(help="Bytes of output (text, images) one notebook may send "
                             "(ACADEMY_GRADING_OUTPUT_LIMIT, e.g. 1M). Past it the kernel is "
                             "killed and the remaining cells score zero.").tag(config=True)
    file_size_mb = Int(help="Largest file a submission may write, in MiB (RLIMIT_FSIZE; "
                       "ACADEMY_GRADING_FILE_SIZE_MB, at least 1).").tag(config=True)
    disk_quota_mb = Int(help="MiB one sandbox may write in all: its home, /tmp and /dev/shm "
                        "share one quota in memory, never on the host's disk "
                        "(ACADEMY_GRADING_DISK_QUOTA_MB, at least 16). Past it writes fail "
                        "with 'No space left on device' and the feedback says why."
                        ).tag(config=True)
    inode_quota = Int(help="Files and directories one sandbox may create in all "
                      "(ACADEMY_GRADING_INODE_QUOTA, at least 100).").tag(config=True)
    runner = Enum(["bubblewrap", "local"],
                  help="Where kernels run (ACADEMY_GRADING_RUNNER). 'bubblewrap': a sandbox "
                  "per submission, no network, read-only system, unprivileged user. 'local': a "
                  "plain child process with the limits but NO isolation; trusted "
                  "notebooks on a developer machine only.").tag(config=True)
    sandbox_user_prefix = Unicode("academy-grader-", help="Prefix of the system accounts "
                                  "sandboxed kernels run as, one per worker slot "
                                  "(academy-grader-0, -1, ...). One account per slot because "
                                  "RLIMIT_NPROC counts per user.").tag(config=True)
    gradebook_url = Unicode(help="Gradebook database URL (ACADEMY_GRADEBOOK_URL). Empty: a "
                            "SQLite file gradebook.db in each course directory, nbgrader's "
                            "default.").tag(config=True)
    late_penalty_percent_per_day = Float(help="Percent of the score taken off per started day "
                                         "late (ACADEMY_LATE_PENALTY_PER_DAY, 0-100). 0 turns "
                                         "late penalties off.").tag(config=True)
    late_penalty_cap_percent = Float(help="Largest late penalty in percent of the score "
                                     "(ACADEMY_LATE_PENALTY_CAP, 0-100).").tag(config=True)
    late_grace_s = Int(help="Seconds after the due date that still count as on time "
                       "(ACADEMY_LATE_GRACE_SECONDS), for clock skew and slow uploads."
                       ).tag(config=True)
    formgrader_courses = Unicode(help="Courses that get a formgrader service on the hub "
                                 "(ACADEMY_FORMGRADER_COURSES): '*' for every course, 'none', "
                                 "or course ids separated by commas.").tag(config=True)
    formgrader_base_port = Int(help="Loopback port of the first course's formgrader; the "
                               "others follow in course order (ACADEMY_FORMGRADER_BASE_PORT). "
                               "0 picks free ports at hub start (several academies on one "
                               "machine, e.g. tests).").tag(config=True)
    release_on_start = Unicode(help="Assignments each formgrader generates and releases to "
                               "the exchange when it starts, if not released yet "
                               "(ACADEMY_RELEASE_ASSIGNMENTS): shell patterns over "
                               "'<course>/<assignment>' separated by commas, e.g. "
                               "'orbits/a1-*,cansat/*'; 'none' for nothing. Default: every "
                               "assignment in the demo (make demo), nothing otherwise."
                               ).tag(config=True)

    def __init__(self, **kwargs: object) -> None:
        """Build the config and read every default now, so a bad ``ACADEMY_*`` variable fails
        here, where the operator started the command, not halfway through a grading run."""
        super().__init__(**kwargs)
        for name in self.trait_names(config=True):
            getattr(self, name)

    @default("workers")
    def _workers_default(self) -> int:
        return env_int("ACADEMY_GRADING_WORKERS", (os.cpu_count() or 1) + 1, minimum=1)

    @default("cpu_time_s")
    def _cpu_default(self) -> int:
        return env_int("ACADEMY_GRADING_CPU_TIME", 60, minimum=1)

    @default("wall_time_s")
    def _wall_default(self) -> int:
        return env_int("ACADEMY_GRADING_WALL_TIME", 120, minimum=1)

    @default("memory_mb")
    def _memory_default(self) -> int:
        return env_int("ACADEMY_GRADING_MEMORY_MB", 2048, minimum=256)

    @default("max_processes")
    def _nproc_default(self) -> int:
        return env_int("ACADEMY_GRADING_MAX_PROCESSES", 64, minimum=16)

    @default("output_limit_bytes")
    def _output_default(self) -> int:
        raw = os.environ.get("ACADEMY_GRADING_OUTPUT_LIMIT")
        if raw is None:
            return 1024**2
        return parse_size_bytes("ACADEMY_GRADING_OUTPUT_LIMIT", raw)

    @default("file_size_mb")
    def _fsize_default(self) -> int:
        return env_int("ACADEMY_GRADING_FILE_SIZE_MB", 64, minimum=1)

    @default("disk_quota_mb")
    def _disk_quota_default(self) -> int:
        return env_int("ACADEMY_GRADING_DISK_QUOTA_MB", 256, minimum=16)

    @default("inode_quota")
    def _inode_quota_default(self) -> int:
        return env_int("ACADEMY_GRADING_INODE_QUOTA", 10_000, minimum=100)

    @default("runner")
    def _runner_default(self) -> str:
        value = env_str("ACADEMY_GRADING_RUNNER", "bubblewrap")
        if value not in ("bubblewrap", "local"):
            raise ConfigError("ACADEMY_GRADING_RUNNER", value, "must be bubblewrap or local")
        return value

    @default("gradebook_url")
    def _gradebook_default(self) -> str:
        return env_str("ACADEMY_GRADEBOOK_URL", "")

    @default("late_penalty_percent_per_day")
    def _late_day_default(self) -> float:
        return _env_float("ACADEMY_LATE_PENALTY_PER_DAY", 10.0)

    @default("late_penalty_cap_percent")
    def _late_cap_default(self) -> float:
        return _env_float("ACADEMY_LATE_PENALTY_CAP", 50.0)

    @default("late_grace_s")
    def _late_grace_default(self) -> int:
        return env_int("ACADEMY_LATE_GRACE_SECONDS", 0, minimum=0)

    @default("formgrader_courses")
    def _formgrader_courses_default(self) -> str:
        return check_patterns("ACADEMY_FORMGRADER_COURSES",
                              env_str("ACADEMY_FORMGRADER_COURSES", "*"))

    @default("formgrader_base_port")
    def _formgrader_port_default(self) -> int:
        return env_int("ACADEMY_FORMGRADER_BASE_PORT", 8200, minimum=0, maximum=65000)

    @default("release_on_start")
    def _release_default(self) -> str:
        return check_patterns("ACADEMY_RELEASE_ASSIGNMENTS",
                              env_str("ACADEMY_RELEASE_ASSIGNMENTS", ""))

    @validate("formgrader_courses", "release_on_start")
    def _check_patterns(self, proposal: dict) -> str:
        return check_patterns(f"GradingConfig.{proposal['trait'].name}", proposal["value"])

    def formgrader_course_ids(self, all_ids: list[str]) -> list[str]:
        """The courses (in ``all_ids`` order) that get a formgrader service."""
        patterns = split_patterns(self.formgrader_courses)
        return [course_id for course_id in all_ids
                if any(fnmatch.fnmatchcase(course_id, pattern) for pattern in patterns)]

    def release_patterns(self, demo: bool, course_id: str | None = None) -> list[str]:
        """Patterns of '<course>/<assignment>' to release at start (every one in the demo).

        With ``course_id``, only the patterns that can name that course's assignments: a
        formgrader whose course no pattern names starts no release process at all. A pattern
        without a '/' could match any course, so it is kept.
        """
        if not self.release_on_start:
            patterns = ["*/*"] if demo else []
        else:
            patterns = split_patterns(self.release_on_start)
        if course_id is None:
            return patterns
        return [pattern for pattern in patterns
                if "/" not in pattern
                or fnmatch.fnmatchcase(course_id, pattern.split("/", 1)[0])]

    @validate("workers", "cpu_time_s", "wall_time_s", "file_size_mb")
    def _check_positive(self, proposal: dict) -> int:
        value = proposal["value"]
        if value < 1:
            raise ConfigError(f"GradingConfig.{proposal['trait'].name}", value,
                              "must be at least 1")
        return value

    @validate("memory_mb")
    def _check_memory(self, proposal: dict) -> int:
        if proposal["value"] < 256:
            raise ConfigError("GradingConfig.memory_mb", proposal["value"],
                              "must be at least 256: a Python kernel needs that much to start")
        return proposal["value"]

    @validate("disk_quota_mb", "inode_quota")
    def _check_quota(self, proposal: dict) -> int:
        minimum = 16 if proposal["trait"].name == "disk_quota_mb" else 100
        if proposal["value"] < minimum:
            raise ConfigError(f"GradingConfig.{proposal['trait'].name}", proposal["value"],
                              f"must be at least {minimum}")
        return proposal["value"]

    @validate("max_processes")
    def _check_nproc(self, proposal: dict) -> int:
        if proposal["value"] < 16:
            raise ConfigError("GradingConfig.max_processes", proposal["value"],
                              "must be at least 16: an idle ipykernel uses about 8 threads")
        return proposal["value"]

    @validate("output_limit_bytes")
    def _check_output(self, proposal: dict) -> int:
        if proposal["value"] < 1024:
            raise ConfigError("GradingConfig.output_limit_bytes", proposal["value"],
                              "must be at least 1024 bytes")
        return proposal["value"]

    @validate("late_penalty_percent_per_day", "late_penalty_cap_percent")
    def _check_percent(self, proposal: dict) -> float:
        value = proposal["value"]
        if not 0.0 <= value <= 100.0:
            raise ConfigError(f"GradingConfig.{proposal['trait'].name}", value,
                              "must be a percentage between 0 and 100")
        return value

    @validate("late_grace_s")
    def _check_grace(self, proposal: dict) -> int:
        if proposal["value"] < 0:
            raise ConfigError("GradingConfig.late_grace_s", proposal["value"],
                              "must not be negative")
        return proposal["value"]

    def gradebook_url_for(self, course_dir: Path) -> str:
        """The gradebook of ``course_dir``: the configured URL, else its own SQLite file."""
        if self.gradebook_url:
            return self.gradebook_url
        return f"sqlite:///{Path(course_dir).absolute() / 'gradebook.db'}"
