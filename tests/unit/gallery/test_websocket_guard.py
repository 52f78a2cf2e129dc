"""Reading a page's kernel message type in both wire formats, and the allow-list's content."""

from __future__ import annotations

import json

import pytest

from gallery.page_messages import shell_message, visitor_session
from gallery.websocket_guard import ALLOWED_MESSAGE_TYPES, V1_SUBPROTOCOL, incoming_message_type


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
