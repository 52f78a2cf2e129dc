"""Kernel messages in the v1 websocket format, as a Voilà page sends and receives them.

The gallery refuses kernel websockets that do not speak v1 (see :mod:`gallery.websocket_guard`),
so every client that stands in for a visitor's page — the gallery's tests and the crowd
benchmark's replaying visitors — must build and read messages exactly as the page does. One
place does it, so they cannot drift apart from each other or from jupyter_server's format.
"""

from __future__ import annotations

import json

from jupyter_client.session import Session
from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

from gallery.websocket_guard import split_v1_message


def visitor_session() -> Session:
    """An unsigned session, as the page's: the server signs messages on their way to ZeroMQ."""
    return Session(key=b"", username="visitor")


def shell_message(session: Session, msg_type: str, content: dict,
                  metadata: dict | None = None) -> tuple[str, bytes]:
    """A shell-channel message ready to send; returns its msg_id (replies name it as parent)."""
    message = session.msg(msg_type, content, metadata=metadata or {})
    parts = session.serialize(message)[2:]  # without the delimiter and the signature
    return message["header"]["msg_id"], serialize_msg_to_ws_v1(parts, "shell")


def read_message(raw: bytes) -> dict:
    """A received message's channel, header, parent header and content, decoded from JSON.

    Raises ``ValueError`` for a frame that is not a v1 message (the reader is the guard's, which
    checks the offset table before trusting it)."""
    channel, parts = split_v1_message(raw)
    header = json.loads(parts[0])
    return {"channel": channel, "header": header, "msg_type": header["msg_type"],
            "parent_header": json.loads(parts[1]), "content": json.loads(parts[3])}
