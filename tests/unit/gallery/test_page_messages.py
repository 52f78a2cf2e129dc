"""The v1 messages the gallery's stand-in visitors send are what jupyter_server reads, and what
they read back is what the server sends."""

from __future__ import annotations

from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

from gallery.page_messages import read_message, shell_message, visitor_session


def test_a_built_message_is_read_back_by_the_server_and_by_the_visitor():
    session = visitor_session()
    msg_id, raw = shell_message(session, "comm_msg", {"comm_id": "c1", "data": {"x": 1}},
                                metadata={"version": "2.1.0"})
    channel, parts = deserialize_msg_from_ws_v1(raw)
    assert channel == "shell"
    message = read_message(raw)
    assert message["header"]["msg_id"] == msg_id
    assert message["msg_type"] == "comm_msg"
    assert message["content"] == {"comm_id": "c1", "data": {"x": 1}}
    assert message["parent_header"] == {}
    assert len(parts) == 4  # header, parent, metadata, content: no buffers, no signature


def test_two_messages_have_different_ids():
    session = visitor_session()
    assert shell_message(session, "kernel_info_request", {})[0] != shell_message(
        session, "kernel_info_request", {})[0]
