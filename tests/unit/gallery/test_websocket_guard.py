"""Reading a page's kernel message type in both wire formats, and the allow-list's content."""

from __future__ import annotations

import json
import struct

import pytest
from jupyter_server.services.kernels.connection.base import (
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)

from gallery.page_messages import shell_message, visitor_session
from gallery.websocket_guard import (
    ALLOWED_MESSAGE_TYPES,
    V1_SUBPROTOCOL,
    incoming_message_type,
    split_v1_message,
)


def _json_message(msg_type: str, channel: str | None = "shell") -> str:
    message = {"header": {"msg_type": msg_type, "msg_id": "1"}, "parent_header": {},
               "metadata": {}, "content": {"code": "import os"}}
    if channel:
        message["channel"] = channel
    return json.dumps(message)


def test_json_format():
    assert incoming_message_type(_json_message("execute_request"), None) == (
        "shell", "execute_request")
    assert incoming_message_type(_json_message("comm_msg", None), None) == ("shell", "comm_msg")


def test_v1_binary_format():
    _msg_id, raw = shell_message(visitor_session(), "inspect_request",
                                 {"code": "open", "cursor_pos": 4})
    assert incoming_message_type(raw, V1_SUBPROTOCOL) == ("shell", "inspect_request")


@pytest.mark.parametrize("raw", ["not json", "{}", json.dumps({"header": {}})])
def test_unreadable_messages_are_an_error_quoting_them(raw):
    with pytest.raises(ValueError, match="unreadable kernel message"):
        incoming_message_type(raw, None)


def test_allow_list_carries_widgets_but_never_code():
    assert {"comm_open", "comm_msg", "comm_close", "comm_info_request"} <= ALLOWED_MESSAGE_TYPES
    for forbidden in ("execute_request", "inspect_request", "complete_request",
                      "history_request", "input_reply", "is_complete_request"):
        assert forbidden not in ALLOWED_MESSAGE_TYPES


def test_v1_split_agrees_with_jupyter_server_on_real_messages():
    parts = [b'{"msg_type": "comm_msg"}', b"{}", b"{}", b'{"data": {}}', b"\x00\x01buffer"]
    raw = serialize_msg_to_ws_v1(parts, "shell")
    assert split_v1_message(raw) == deserialize_msg_from_ws_v1(raw) == ("shell", parts)


def _offsets(*values: int) -> bytes:
    return b"".join(struct.pack("<Q", value) for value in values)


@pytest.mark.parametrize("raw", [
    b"",
    b"\x01\x02",                                  # shorter than the offset count
    b"\xff" * 8 + b"x" * 64,                        # ~10**19 offsets: jupyter_server loops
    _offsets(1, 16),                               # one offset: no channel
    _offsets(3, 32, 40, 9999) + b"x" * 8,          # the last offset past the end
    _offsets(3, 32, 28, 40) + b"x" * 8,            # offsets going backwards
    _offsets(3, 8, 32, 40) + b"x" * 8,             # a part starting inside the table
    _offsets(3, 32, 34, 34) + b"\xff\xfe",          # channel not UTF-8
])
def test_v1_split_refuses_frames_whose_offset_table_lies(raw):
    with pytest.raises(ValueError):
        split_v1_message(raw)
    with pytest.raises(ValueError, match="unreadable kernel message"):
        incoming_message_type(raw, V1_SUBPROTOCOL)


def test_json_nested_too_deep_is_unreadable_not_a_crash():
    raw = serialize_msg_to_ws_v1([b"[" * 100_000, b"{}", b"{}", b"{}"], "shell")
    with pytest.raises(ValueError, match="unreadable kernel message"):
        incoming_message_type(raw, V1_SUBPROTOCOL)
