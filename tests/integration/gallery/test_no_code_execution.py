"""A visitor's page cannot run code in its kernel: the kernel websocket drops execute, inspect
and complete requests before they reach the kernel, while widget (comm) traffic passes."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from pathlib import Path

import pytest
import requests
from tornado.websocket import websocket_connect

pytestmark = [pytest.mark.slow]


def _message(msg_type: str, content: dict) -> tuple[str, str]:
    msg_id = uuid.uuid4().hex
    return msg_id, json.dumps({
        "header": {"msg_id": msg_id, "msg_type": msg_type, "username": "visitor",
                   "session": uuid.uuid4().hex, "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "content": content})


async def _probe(ws_url: str, marker: Path) -> dict[str, list[str]]:
    """Send forbidden requests, then an allowed kernel_info_request; collect reply types by
    the request they answer until the allowed one is answered."""
    connection = await websocket_connect(ws_url)
    forbidden = {
        "execute_request": {"code": f"open({str(marker)!r}, 'w').write('pwned')",
                            "silent": False, "store_history": False, "user_expressions": {},
                            "allow_stdin": False},
        "inspect_request": {"code": "open", "cursor_pos": 4, "detail_level": 0},
        "complete_request": {"code": "impo", "cursor_pos": 4},
    }
    sent: dict[str, str] = {}
    for msg_type, content in forbidden.items():
        msg_id, raw = _message(msg_type, content)
        sent[msg_id] = msg_type
        await connection.write_message(raw)
    info_id, raw = _message("kernel_info_request", {})
    sent[info_id] = "kernel_info_request"
    await connection.write_message(raw)
    replies: dict[str, list[str]] = {name: [] for name in sent.values()}
    deadline = asyncio.get_running_loop().time() + 30
    while not replies["kernel_info_request"]:
        remaining = deadline - asyncio.get_running_loop().time()
        raw_reply = await asyncio.wait_for(connection.read_message(), max(remaining, 0.1))
        assert raw_reply is not None, "kernel websocket closed"
        message = json.loads(raw_reply)
        parent = message.get("parent_header", {}).get("msg_id")
        if parent in sent:
            replies[sent[parent]].append(message["header"]["msg_type"])
    await asyncio.sleep(2)  # anything a forbidden request caused would have arrived by now
    while True:
        try:
            raw_reply = await asyncio.wait_for(connection.read_message(), 0.5)
        except TimeoutError:
            break
        if raw_reply is None:
            break
        message = json.loads(raw_reply)
        parent = message.get("parent_header", {}).get("msg_id")
        if parent in sent:
            replies[sent[parent]].append(message["header"]["msg_type"])
    connection.close()
    return replies


def test_execute_request_from_the_page_is_dropped(gallery, tmp_path: Path):
    page = requests.get(f"{gallery.url}/voila/render/cansat_mission_replay.ipynb", timeout=120)
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', page.text).group(1)
    marker = tmp_path / "executed"
    ws_url = f"ws://127.0.0.1:{gallery.port}/api/kernels/{kernel_id}/channels"
    replies = asyncio.run(_probe(ws_url, marker))
    assert "kernel_info_reply" in replies["kernel_info_request"]  # the channel works...
    assert replies["execute_request"] == []  # ...but nothing answered the forbidden ones
    assert replies["inspect_request"] == []
    assert replies["complete_request"] == []
    assert not marker.exists()
    assert "Gallery: dropped execute_request" in gallery.log_path.read_text()
