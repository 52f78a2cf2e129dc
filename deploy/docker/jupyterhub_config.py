"""Space Academy on one large host with DockerSpawner: every user server is a container of the
academy image, and the hub itself runs from the same image (or from a checkout).

    docker network create academy
    docker volume create academy-exchange
    ACADEMY_SPAWNER=simple jupyterhub -f deploy/docker/jupyterhub_config.py

The academy's configuration is applied first (authentication, course groups and roles,
templates, idle culler); this file only replaces the spawner and adds the container settings.
"""

import os

from academy.hub.configure import configure_hub

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)
platform = configure_hub(c)

c.JupyterHub.spawner_class = "dockerspawner.DockerSpawner"
c.JupyterHub.hub_ip = "0.0.0.0"  # user containers reach the hub over the Docker network
c.DockerSpawner.image = os.environ.get("ACADEMY_IMAGE", "ghcr.io/space-academy/academy:0.1.0")
c.DockerSpawner.network_name = os.environ.get("ACADEMY_DOCKER_NETWORK", "academy")
c.DockerSpawner.remove = True
c.DockerSpawner.cmd = ["jupyterhub-singleuser"]
c.DockerSpawner.notebook_dir = "/home/academy"
c.DockerSpawner.volumes = {
    "academy-home-{username}": "/home/academy",
    "academy-exchange": "/srv/academy/exchange",
}
c.DockerSpawner.environment = {
    "ACADEMY_EXCHANGE_DIR": "/srv/academy/exchange",
    "JUPYTER_CONFIG_PATH": "/opt/academy/academy/jupyter_config",
}
c.DockerSpawner.mem_limit = os.environ.get("ACADEMY_USER_MEM_LIMIT", "2G")
c.DockerSpawner.cpu_limit = float(os.environ.get("ACADEMY_USER_CPU_LIMIT", "2"))
