"""Where the project's own files are, independent of the current directory.

The package is installed editable from the checkout (``make`` does ``pip install -e``), so the
checkout root is two levels above this file. Everything writable lives under the data directory,
which :class:`academy.config.PlatformConfig` decides.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT: Path = Path(__file__).resolve().parent.parent
"""The checkout: holds ``courses/``, ``dashboards/``, ``node_modules/`` and ``hub_config.py``."""

PACKAGE_DIR: Path = Path(__file__).resolve().parent
TEMPLATES_DIR: Path = PACKAGE_DIR / "templates"
STATIC_DIR: Path = PACKAGE_DIR / "static"
