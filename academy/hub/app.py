"""The academy's JupyterHub application: JupyterHub, more patient with slow managed services,
and reachable before them.

JupyterHub starts its managed services one after another and only then puts its routes into
the proxy: after a restart (a crash, an upgrade) every student's running server answered 404
through the proxy until the gallery and every formgrader were up, about a minute. The academy's
hub puts the routes back first (its own, the running user servers', the services' own), then
starts the services; a service route answers 503 until its service listens.

JupyterHub gives a managed service about ten seconds to answer HTTP at start-up and exits when
it does not. A formgrader is a whole Jupyter server (nbgrader, the grading pipeline); on a busy
2-core machine that starts in five to fifteen seconds. Rather than let one slow start take the
whole academy down, a service that is still running gets ``service_start_timeout`` seconds more.
``academy serve`` runs this app; plain ``jupyterhub -f hub_config.py`` works too, with
JupyterHub's stricter wait.
"""

from __future__ import annotations

import ssl

from jupyterhub.app import JupyterHub
from jupyterhub.objects import Server
from jupyterhub.utils import AnyTimeoutError
from traitlets import Int


class AcademyHub(JupyterHub):
    """JupyterHub with routes restored before managed services start, and a longer wait."""

    service_start_timeout = Int(
        120, help="Seconds a managed service that is still running may take to answer at "
        "start-up, after JupyterHub's own ten-second wait.").tag(config=True)

    _routes_restored = False

    async def start_service(self, service_name: str, service, ssl_context:
                            ssl.SSLContext | None = None) -> bool:
        if not self._routes_restored:
            # The hub already listens (JupyterHub binds before starting services) and its
            # users' servers were polled in initialize(): route to them now, not after the
            # slowest service.
            self._routes_restored = True
            await self.proxy.check_routes(self.users, self._service_map)
            self.log.info("Routes to the hub and running servers restored before services")
        if await super().start_service(service_name, service, ssl_context):
            return True
        if not (service.managed and service.url) or await service.spawner.poll() is not None:
            return False
        self.log.warning("Service %s is still starting; waiting up to %d s more",
                         service_name, self.service_start_timeout)
        try:
            await Server.from_orm(service.orm.server).wait_up(
                http=True, timeout=self.service_start_timeout, ssl_context=ssl_context)
        except AnyTimeoutError:
            self.log.critical("Service %s did not answer within %d s more", service_name,
                              self.service_start_timeout)
            return False
        self.log.info("Service %s is up (after a slow start)", service_name)
        return True


main = AcademyHub.launch_instance

if __name__ == "__main__":
    main()
