"""``python -m gallery``: the same as ``academy gallery``."""

from __future__ import annotations

import argparse
import sys

from foundation.errors import AcademyError
from gallery.cli import add_commands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gallery")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["gallery", *(sys.argv[1:] if argv is None else argv)])
    try:
        return args.func(args)
    except AcademyError as error:
        print(f"gallery: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
