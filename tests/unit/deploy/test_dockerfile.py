"""The Dockerfile installs exactly as `make` does (same script, same lock files), and follows the
image rules (multi-stage, pinned base, non-root, HEALTHCHECK, warm numba cache). No Docker
engine runs on these machines, so the file is parsed, not built."""

from __future__ import annotations

import re
from pathlib import Path

from dockerfile_parse import DockerfileParser

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def parsed() -> DockerfileParser:
    parser = DockerfileParser(path=str(PROJECT_ROOT / "Dockerfile"))
    return parser


def instructions(kind: str) -> list[str]:
    return [item["value"] for item in parsed().structure if item["instruction"] == kind]


def test_make_and_the_image_use_the_same_install_script():
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    assert "deploy/install.sh" in makefile
    assert any(run.startswith("deploy/install.sh") for run in instructions("RUN"))


def test_lock_files_are_copied_before_installing():
    structure = parsed().structure
    install_line = next(item["startline"] for item in structure
                        if item["instruction"] == "RUN" and "deploy/install.sh" in item["value"])
    copied = " ".join(item["value"] for item in structure
                      if item["instruction"] == "COPY" and item["startline"] < install_line)
    for lock_file in ("constraints.txt", "package-lock.json", "pyproject.toml",
                      "deploy/install.sh"):
        assert lock_file in copied


def test_every_copied_path_exists():
    for value in instructions("COPY"):
        if "--from=" in value:
            continue
        sources = value.split()[:-1]
        for source in sources:
            assert (PROJECT_ROOT / source).exists(), f"COPY {source}: missing in the repository"


def test_multi_stage_pinned_base():
    froms = instructions("FROM")
    assert len(froms) >= 2
    args = dict(re.findall(r"^(\w+)=(\S+)$", "\n".join(instructions("ARG")), re.M))
    base = args["DEBIAN_IMAGE"]
    assert re.fullmatch(r"debian:\d+\.\d+-slim(@sha256:[0-9a-f]{64})?", base), base


def test_runs_as_non_root_with_healthcheck_and_warm_numba():
    users = instructions("USER")
    assert users and users[-1] not in ("root", "0")
    assert instructions("HEALTHCHECK")
    assert (PROJECT_ROOT / "deploy" / "healthcheck.py").is_file()
    assert any("warm-numba" in run for run in instructions("RUN"))
