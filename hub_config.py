"""The Space Academy's JupyterHub configuration.

Everything is computed by :func:`academy.hub.configure.configure_hub` from ``ACADEMY_*``
environment variables (see README.md) and the ``courses/*/course.toml`` files; edit those, not
this file. Start it with ``make demo`` or ``academy serve``; ``jupyterhub -f hub_config.py``
works too.
"""

from academy.hub.configure import configure_hub

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)
configure_hub(c)
