"""The academy's kernel websocket connection turns Nagle's algorithm off on the real socket.

A real tornado websocket server on loopback and a real client: the server-side socket's
``TCP_NODELAY`` option is read back with ``getsockopt``. Only jupyter_server's own kernel
plumbing (``ZMQChannelsWebsocketConnection.connect``: kernel manager, ZeroMQ channels) is
replaced by a recorder, because what is tested is the socket, not the kernel.
"""

from __future__ import annotations

import asyncio
import runpy
import socket
from pathlib import Path

import pytest
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application
from tornado.websocket import WebSocketHandler, websocket_connect
from traitlets.config import Config

import academy
from academy.kernel_websocket import CONNECTION_CLASS_PATH, NoDelayConnection
from gallery.websocket_guard import WidgetOnlyConnection


def _server_socket_nodelay(connection_class: type, monkeypatch) -> tuple[int, list[str]]:
    """Open a websocket whose handler connects through ``connection_class``; return the
    server socket's TCP_NODELAY and what jupyter_server's connect was asked to do."""
    calls: list[str] = []
    monkeypatch.setattr(ZMQChannelsWebsocketConnection, "connect",
                        lambda self: calls.append("jupyter_server connect"))

    async def run() -> int:
        seen: asyncio.Future = asyncio.get_running_loop().create_future()

        class Handler(KernelWebsocketHandler):
            """jupyter_server's kernel websocket handler minus its login and kernel lookup."""

            def prepare(self) -> None:
                pass

            def check_origin(self, origin: str) -> bool:
                return True

            async def get(self, *args, **kwargs) -> None:
                self.connection = connection_class(parent=None, websocket_handler=self)
                await WebSocketHandler.get(self, *args, **kwargs)

            def open(self) -> None:
                self.connection.connect()
                sock = self.ws_connection.stream.socket
                seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

        server = HTTPServer(Application([("/ws", Handler)]))
        sockets = bind_sockets(0, "127.0.0.1")
        server.add_sockets(sockets)
        port = sockets[0].getsockname()[1]
        client = await websocket_connect(f"ws://127.0.0.1:{port}/ws")
        try:
            return await asyncio.wait_for(seen, 10)
        finally:
            client.close()
            server.stop()

    return asyncio.run(run()), calls


@pytest.mark.parametrize("connection_class", [NoDelayConnection, WidgetOnlyConnection])
def test_connection_sets_tcp_nodelay_then_connects_as_jupyter_server(connection_class,
                                                                     monkeypatch):
    nodelay, calls = _server_socket_nodelay(connection_class, monkeypatch)
    assert nodelay == 1
    assert calls == ["jupyter_server connect"]


def test_jupyter_servers_own_connection_keeps_nagle_on(monkeypatch):
    """The defect the class exists for: without it the socket runs Nagle's algorithm."""
    nodelay, _ = _server_socket_nodelay(ZMQChannelsWebsocketConnection, monkeypatch)
    assert nodelay == 0


def test_students_servers_are_configured_with_it():
    config_file = Path(academy.__file__).parent / "jupyter_config" / "jupyter_server_config.py"
    config = Config()
    runpy.run_path(str(config_file), init_globals={"get_config": lambda: config})
    assert config.ServerApp.kernel_websocket_connection_class == CONNECTION_CLASS_PATH
    module, _, name = CONNECTION_CLASS_PATH.rpartition(".")
    assert getattr(__import__(module, fromlist=[name]), name) is NoDelayConnection
