"""A kernel websocket that carries widget traffic and nothing else.

A Voilà page talks to its kernel over jupyter_server's kernel websocket. Whoever can open that
websocket (any visitor, with the kernel id from their own page) could send an
``execute_request`` and run arbitrary Python on the server. Voilà 0.5 passes an allow-list to its
kernel manager (``MappingKernelManager.allowed_message_types``), but that list lives in the
kernel manager and is empty (everything allowed) for any other manager a deployment might
configure. This connection class checks every incoming message itself, before it reaches
ZeroMQ, against :data:`ALLOWED_MESSAGE_TYPES`: the messages ipywidgets and Voilà's page send.
Anything else (``execute_request``, ``inspect_request``, ``complete_request``,
``history_request``, stdin replies, ...) is dropped and logged; the kernel never sees it, so no
reply comes back.
"""

from __future__ import annotations

import json

from jupyter_server.services.kernels.connection.base import deserialize_binary_message
from tornado.web import Finish

from academy.kernel_websocket import NoDelayConnection

V1_SUBPROTOCOL = "v1.kernel.websocket.jupyter.org"

ALLOWED_MESSAGE_TYPES: frozenset[str] = frozenset({
    "comm_open",           # a widget model created by the page (e.g. a layout)
    "comm_msg",            # widget state updates: the whole of a dashboard's interaction
    "comm_close",
    "comm_info_request",   # the widget manager asks which comms exist when it connects
    "kernel_info_request",  # the page's handshake
})
"""Message types a visitor's page may send. Not ``shutdown_request``: Voilà's page ends its
kernel through ``/voila/api/shutdown``, and the culler ends the rest."""


def split_v1_message(raw: bytes) -> tuple[str, list[bytes]]:
    """``(channel, parts)`` of a v1 websocket message, checking its offset table first.

    Why not jupyter_server's ``deserialize_msg_from_ws_v1``: it trusts the first 8 bytes as the
    number of offsets and builds that list, so one frame starting with ``ff ff ff ff ...`` from
    an anonymous visitor made the gallery's only thread loop over ~10**19 offsets, hanging every
    visitor's dashboard. Here the table must fit in the message, its offsets must not go
    backwards and must stay inside the message; anything else is a ``ValueError``.
    """
    if not isinstance(raw, bytes) or len(raw) < 8:
        raise ValueError("not a v1 binary message (shorter than its 8-byte offset count)")
    count = int.from_bytes(raw[:8], "little")
    table_end = 8 * (count + 1)
    if count < 2 or table_end > len(raw):
        raise ValueError(f"offset count {count} does not fit a {len(raw)}-byte message")
    offsets = [int.from_bytes(raw[8 * (i + 1):8 * (i + 2)], "little") for i in range(count)]
    if offsets[0] < table_end or offsets[-1] > len(raw) or offsets != sorted(offsets):
        raise ValueError("offsets out of order or outside the message")
    channel = raw[offsets[0]:offsets[1]].decode("utf-8")
    return channel, [raw[offsets[i]:offsets[i + 1]] for i in range(1, count - 1)]


def incoming_message_type(raw: str | bytes, subprotocol: str | None) -> tuple[str, str]:
    """``(channel, msg_type)`` of a message as the page sent it, in either wire format.

    Raises ``ValueError`` (quoting the start of the message) when it cannot be read; the caller
    drops such messages too.
    """
    try:
        if subprotocol == V1_SUBPROTOCOL:
            channel, parts = split_v1_message(raw)
            header = json.loads(parts[0])
        else:
            message = deserialize_binary_message(raw) if isinstance(raw, bytes) else json.loads(raw)
            channel = message.get("channel") or "shell"
            header = message["header"]
        return str(channel), str(header["msg_type"])
    except (ValueError, KeyError, IndexError, TypeError, RecursionError) as error:
        # RecursionError: JSON nested deeper than the parser goes ('[' * 100000).
        raise ValueError(f"unreadable kernel message {raw[:80]!r}: {error}") from error


class WidgetOnlyConnection(NoDelayConnection):
    """The academy's kernel connection (jupyter_server's, without Nagle's delay) with an
    allow-list in front of it, speaking only the v1 websocket protocol."""

    async def prepare(self) -> None:
        """Refuse, before the websocket opens, a client that does not offer the v1 protocol.

        Why: with the older ("legacy") protocol, a kernel message carrying binary buffers (a
        widget state with numpy data) goes out in a binary layout that Voilà 0.5's kernel
        websocket handler reads as v1 (``read_header_from_binary_message``): it takes the
        first 8 bytes as a count of about 10**18 offsets and the gallery's only thread never
        comes back. Found by the crowd benchmark, whose replaying client spoke legacy: one
        such visitor hung the whole gallery. Voilà's own pages always offer v1.
        """
        offered = self.websocket_handler.request.headers.get("Sec-WebSocket-Protocol", "")
        if V1_SUBPROTOCOL not in {part.strip() for part in offered.split(",")}:
            self.log.warning("Gallery: refused a kernel websocket without the %s protocol "
                             "(offered: %r)", V1_SUBPROTOCOL, offered)
            # Finish, not HTTPError: jupyter_server's error page needs a static_path that
            # Voilà's app lacks, so write_error itself would fail (logged as uncaught).
            self.websocket_handler.set_status(400)
            raise Finish(f"this kernel websocket speaks only {V1_SUBPROTOCOL}\n")
        await super().prepare()

    def handle_incoming_message(self, incoming_msg: str) -> None:
        try:
            channel, msg_type = incoming_message_type(incoming_msg, self.subprotocol)
        except ValueError as error:
            self.log.warning("Gallery: dropped a kernel message: %s", error)
            return
        if msg_type not in ALLOWED_MESSAGE_TYPES:
            self.log.warning("Gallery: dropped %s on the %s channel from a visitor's page "
                             "(only widget messages are allowed)", msg_type, channel)
            return
        super().handle_incoming_message(incoming_msg)
