"""Container health: the hub's /hub/health, or a user server's /api, whichever this container runs.

One image serves both roles (Zero to JupyterHub pattern), so the check looks at what the
environment says the container is: JupyterHub sets JUPYTERHUB_SERVICE_PREFIX for user servers.
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request


def health_url() -> str:
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX")
    if prefix:
        port = os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:8888").rsplit(":", 1)[-1]
        return f"http://127.0.0.1:{port.strip('/')}{prefix}api"
    hub_port = os.environ.get("ACADEMY_HUB_PORT", "8081")
    return f"http://127.0.0.1:{hub_port}/hub/health"


def main() -> int:
    try:
        with urllib.request.urlopen(health_url(), timeout=4) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError) as error:
        print(f"unhealthy: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
