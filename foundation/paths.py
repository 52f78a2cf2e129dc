"""Where the project's own files are, independent of the current directory.

The package is installed editable from the checkout (``make`` does ``pip install -e``), so the
checkout root is two levels above this file. Everything writable lives under the data directory,
which :class:`foundation.config.PlatformConfig` decides.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT: Path = Path(__file__).resolve().parent.parent
"""The checkout: holds ``courses/``, ``dashboards/``, ``node_modules/`` and ``hub_config.py``."""

ACADEMY_PACKAGE_DIR: Path = PROJECT_ROOT / "academy"
"""The apps package (hub wiring, CLI): its hub page templates and Jupyter config files."""

TEMPLATES_DIR: Path = ACADEMY_PACKAGE_DIR / "templates"
JUPYTER_CONFIG_DIR: Path = ACADEMY_PACKAGE_DIR / "jupyter_config"
