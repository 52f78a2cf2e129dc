"""GradingConfig: defaults from ACADEMY_GRADING_* variables, and bad values rejected by name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from foundation.config.grading import GradingConfig, parse_size_bytes
from foundation.errors import ConfigError


def test_defaults_without_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("ACADEMY_GRADING_", "ACADEMY_LATE_", "ACADEMY_GRADEBOOK")):
            monkeypatch.delenv(name)
    config = GradingConfig()
    assert config.workers == (os.cpu_count() or 1) + 1
    assert config.runner == "bubblewrap"
    assert config.output_limit_bytes == 1024 * 1024
    assert config.gradebook_url_for(Path("/srv/orbits")) == "sqlite:////srv/orbits/gradebook.db"


def test_environment_sets_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACADEMY_GRADING_WORKERS", "3")
    monkeypatch.setenv("ACADEMY_GRADING_OUTPUT_LIMIT", "2M")
    monkeypatch.setenv("ACADEMY_GRADING_RUNNER", "local")
    monkeypatch.setenv("ACADEMY_LATE_PENALTY_PER_DAY", "12.5")
    monkeypatch.setenv("ACADEMY_GRADEBOOK_URL", "sqlite:////tmp/gb.db")
    config = GradingConfig()
    assert (config.workers, config.output_limit_bytes, config.runner) == (3, 2 * 2**20, "local")
    assert config.late_penalty_percent_per_day == 12.5
    assert config.gradebook_url_for(Path("/x")) == "sqlite:////tmp/gb.db"


@pytest.mark.parametrize(("variable", "value", "quoted"), [
    ("ACADEMY_GRADING_WORKERS", "0", "ACADEMY_GRADING_WORKERS"),
    ("ACADEMY_GRADING_WORKERS", "two", "'two'"),
    ("ACADEMY_GRADING_OUTPUT_LIMIT", "lots", "'lots'"),
    ("ACADEMY_GRADING_RUNNER", "docker", "'docker'"),
    ("ACADEMY_LATE_PENALTY_PER_DAY", "ten", "'ten'"),
])
def test_bad_environment_values_name_variable_and_value(monkeypatch: pytest.MonkeyPatch,
                                                        variable: str, value: str,
                                                        quoted: str) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        GradingConfig()
    assert quoted in str(raised.value)


@pytest.mark.parametrize(("trait", "value"), [
    ("workers", 0), ("memory_mb", 100), ("max_processes", 4), ("output_limit_bytes", 10),
    ("late_penalty_cap_percent", 150.0), ("late_grace_s", -1), ("wall_time_s", 0),
])
def test_validation_rejects_bad_trait_values(trait: str, value: object) -> None:
    with pytest.raises(ConfigError) as raised:
        GradingConfig(**{trait: value})
    assert raised.value.name == f"GradingConfig.{trait}"
    assert raised.value.value == value


@pytest.mark.parametrize(("raw", "size"), [("1048576", 1048576), ("512K", 512 * 1024),
                                           ("1M", 2**20), ("2GiB", 2 * 2**30), ("3 mb", 3 * 2**20)])
def test_size_parser(raw: str, size: int) -> None:
    assert parse_size_bytes("X", raw) == size
