"""``academy data refresh`` wiring: argparse registration and a run against a local server."""

from __future__ import annotations

import argparse
import json

from sgp4.exporter import export_omm

from foundation.config.telemetry import TelemetryConfig
from telemetry.cli import add_commands, run_refresh
from telemetry.snapshots import load_snapshot_elements


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="academy")
    add_commands(parser.add_subparsers(dest="command"))
    return parser


def test_refresh_is_registered_with_repeatable_groups() -> None:
    args = _parser().parse_args(["data", "refresh", "--group", "stations", "--group", "cubesat"])
    assert args.func is run_refresh and args.groups == ["stations", "cubesat"]
    assert _parser().parse_args(["data", "refresh"]).groups is None


def test_refresh_run_reports_each_group(replay_server, tmp_path, capsys) -> None:
    body = json.dumps([export_omm(r.to_satrec(), r.name)
                       for r in load_snapshot_elements("stations")]).encode()
    replay_server.script("/gp.php?GROUP=stations&FORMAT=json", [replay_server.Reply(200, body)])
    replay_server.script("/gp.php?GROUP=cubesat", [replay_server.Reply(503, b"down")])
    config = TelemetryConfig(cache_dir=str(tmp_path), request_timeout_s=1.0,
                             celestrak_url=f"{replay_server.base_url}/gp.php")
    args = _parser().parse_args(["data", "refresh", "--group", "stations", "--group", "cubesat",
                                 "--no-progress"])
    status = run_refresh(args, config)
    out = capsys.readouterr().out
    assert "stations: 25 element sets, fresh (CelesTrak, as of" in out
    # Never fetched before and CelesTrak down: the shipped snapshot, said so, non-zero exit.
    assert "cubesat: 93 element sets, snapshot (CelesTrak, as of 2025-11-06)" in out
    assert "HTTP 503" in out and "serving the recorded snapshot" in out
    assert status == 1
    assert (tmp_path / "stations.json").is_file()
