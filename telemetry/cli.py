"""``academy data ...``: operator commands for the shared telemetry cache.

``academy data refresh [--group stations --group cubesat ...]`` fetches CelesTrak groups into
the hub-wide cache (``TelemetryConfig.cache_dir``), respecting the 2-hour refresh interval and the
failure back-off, and prints what each group now serves. Students never trigger downloads: the
operator (or a cron job) does, so a class of thirty cannot hammer CelesTrak.
``academy data warm-numba`` compiles boinor once into the shared numba cache.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tqdm import tqdm

from foundation.config.telemetry import TelemetryConfig
from telemetry.snapshots import snapshot_groups

if TYPE_CHECKING:
    from telemetry.sources import CelesTrakSource, ElementSetResult

DEFAULT_GROUPS = ("stations", "cubesat", "active")


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``data refresh`` and ``data warm-numba`` on the ``academy`` command line.

    Each leaf parser sets ``func`` (called with the parsed namespace, returns an exit status).
    """
    data = subparsers.add_parser("data", help="manage recorded and live mission data")
    commands = data.add_subparsers(dest="data_command", metavar="COMMAND", required=True)
    refresh = commands.add_parser(
        "refresh", help="fetch CelesTrak element sets into the shared cache (at most once per "
        "2 h per group; failures back off and keep serving the last good data)")
    refresh.add_argument("--group", action="append", dest="groups", metavar="GROUP",
                         help=f"CelesTrak group to refresh (repeatable; default: "
                         f"{', '.join(DEFAULT_GROUPS)}; recorded offline: "
                         f"{', '.join(snapshot_groups())})")
    refresh.add_argument("--no-progress", action="store_true", help="no progress bar (cron)")
    refresh.set_defaults(func=run_refresh)
    warm = commands.add_parser("warm-numba", help="compile boinor into the shared numba cache "
                               "so kernels start fast")
    warm.set_defaults(func=run_warm_numba)


def describe(result: ElementSetResult) -> str:
    """One line per group for the operator: count, status, credit, warnings."""
    line = (f"{result.group}: {len(result.records)} element sets, {result.status} "
            f"({result.provenance.label()})")
    if result.errors:
        line += f", {len(result.errors)} bad record(s) skipped"
    for warning in result.warnings:
        line += f"\n  warning: {warning}"
    return line


def refresh_groups(groups: Sequence[str], source: CelesTrakSource,
                   progress: bool = True) -> list[ElementSetResult]:
    """Refresh each group in turn (one request at a time, as CelesTrak asks)."""
    results = []
    for group in tqdm(groups, desc="CelesTrak", unit="group", disable=not progress):
        results.append(source.fetch_group(group))
    return results


def run_refresh(args: argparse.Namespace, config: TelemetryConfig | None = None) -> int:
    """Exit 0 when every group serves data (fresh, cached or fallback), 1 when one is stale."""
    from telemetry.sources import CelesTrakSource  # numpy, sgp4: imported by this command only

    source = CelesTrakSource(config or TelemetryConfig())
    results = refresh_groups(args.groups or list(DEFAULT_GROUPS), source,
                             progress=not getattr(args, "no_progress", False))
    for result in results:
        print(describe(result))
    return 1 if any(r.status == "stale" or r.provenance.status == "snapshot" and r.warnings
                    for r in results) else 0


def run_warm_numba(args: argparse.Namespace, config: TelemetryConfig | None = None) -> int:
    """Compile boinor's common paths into ``TelemetryConfig.numba_cache_dir``."""
    from telemetry.numba_cache import warm_boinor_cache  # numba: imported by this command only

    seconds = warm_boinor_cache(config)
    print(f"boinor compiled into the numba cache in {seconds:.1f} s")
    return 0
