"""The ``academy`` operator command. Each area adds its subcommands through ``add_commands``.

Operators run these by hand and from cron: each command imports what it needs when it runs
(the hub, Voilà, nbgrader take seconds to import), so ``academy check`` or ``backup`` starts in
a fraction of a second.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from academy import i18n_cli
from curriculum.content import load_course_content
from curriculum.courses import load_courses
from foundation.config import PlatformConfig
from foundation.errors import AcademyError
from gallery import cli as gallery_cli
from grading import cli as grading_cli
from telemetry import cli as telemetry_cli


def _serve(args: argparse.Namespace) -> int:
    from academy.serve import run_hub

    platform = PlatformConfig(demo=True) if args.demo else PlatformConfig()
    return run_hub(platform)


def _check(args: argparse.Namespace) -> int:
    platform = PlatformConfig()
    courses = load_courses(Path(platform.courses_dir))
    print(f"data directory: {platform.data_dir}")
    print(f"public URL:     {platform.public_url}")
    print(f"spawner:        {platform.resolved_spawner}")
    for course in courses:
        load_course_content(course)  # [[lessons]] and [[assignments]] too
        print(f"course {course.id}: {course.title_in('en')} "
              f"({len(course.instructors)} instructors, {len(course.tas)} TAs, "
              f"{len(course.students)} listed students)")
    print("configuration OK")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from academy.backup import write_backup

    platform = PlatformConfig()
    output = Path(args.output or f"academy-backup-{time.strftime('%Y%m%dT%H%M%S')}.tar.gz")
    summary = write_backup(platform, output, with_homes=args.homes)
    print(f"wrote {summary.archive}: {summary.members} entries, {summary.databases} databases "
          f"(online snapshots), {summary.bytes_written / 2**20:.1f} MiB")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from academy.restore import restore_backup

    platform = PlatformConfig()
    count = restore_backup(Path(args.archive), platform,
                           courses_dir=Path(args.courses_to) if args.courses_to else None)
    print(f"restored {count} files into {platform.data_dir}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="academy", description="Space Academy operator "
                                     "commands. Settings come from ACADEMY_* variables.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the hub in the foreground (Ctrl-C stops it)")
    serve.add_argument("--demo", action="store_true", help="seed demo accounts (loopback only)")
    serve.set_defaults(func=_serve)
    check = commands.add_parser("check", help="validate ACADEMY_* settings and course.toml files")
    check.set_defaults(func=_check)
    backup = commands.add_parser("backup", help="archive hub database, gradebooks, exchange "
                                 "and course sources (safe while the hub runs)")
    backup.add_argument("--output", help="archive path (default academy-backup-<time>.tar.gz)")
    backup.add_argument("--homes", action="store_true", help="include user homes")
    backup.set_defaults(func=_backup)
    restore = commands.add_parser("restore", help="restore an archive into an empty "
                                  "ACADEMY_DATA_DIR")
    restore.add_argument("archive")
    restore.add_argument("--courses-to", help="also restore course sources into this folder")
    restore.set_defaults(func=_restore)
    telemetry_cli.add_commands(commands)
    i18n_cli.add_commands(commands)
    gallery_cli.add_commands(commands)
    grading_cli.add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except AcademyError as error:
        print(f"academy: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
