"""The kernel websocket of every academy Jupyter server, without Nagle's delay.

Why: jupyter_server (2.21) and Voilà (0.5) never call tornado's ``set_nodelay`` on the kernel
websocket, so the server's socket runs Nagle's algorithm. A widget change makes the kernel
send a burst of small messages (the "busy" status, the slider's echo, the figure update, the
text of the facts); the first leaves at once, and Nagle holds the rest until the browser
acknowledges the first, which Linux's delayed ACK postpones by about 40 ms. Measured in
Chromium on the OrbitExplorer (``benchmarks/widgets.py``): the figure update reached the page
55-60 ms after the key press with Voilà's connection and 18-26 ms with this one, for the same
kernel work (2-7 ms). Every widget round trip in lessons and dashboards pays that delay once.

:class:`NoDelayConnection` is jupyter_server's own ZMQ channels connection with the socket
switched to ``TCP_NODELAY`` when the page connects. It is configured for the students' servers
(``academy/jupyter_config/jupyter_server_config.py``) and is the base of the gallery's
allow-list connection (``gallery.websocket_guard.WidgetOnlyConnection``). The cost is more,
smaller TCP segments for chatty widgets, which loopback and LAN links do not notice.
"""

from __future__ import annotations

import asyncio

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

CONNECTION_CLASS_PATH = "academy.kernel_websocket.NoDelayConnection"
"""What ``ServerApp.kernel_websocket_connection_class`` (students' servers) and
``Voila.kernel_websocket_connection_class`` are set to: a string, so that configuration files
need not import this module."""


class NoDelayConnection(ZMQChannelsWebsocketConnection):
    """jupyter_server's kernel websocket connection, sending each message as it is written."""

    def connect(self) -> asyncio.Future[None] | None:
        """Switch the page's socket to ``TCP_NODELAY``, then connect as jupyter_server does.

        ``connect`` runs from the handler's ``open``, when tornado's websocket connection
        exists; a closed one (the page left already) has nothing to set.
        """
        if self.websocket_handler.ws_connection is not None:
            self.websocket_handler.set_nodelay(True)
        return super().connect()
