"""A visitor's page cannot run code in its kernel: the kernel websocket drops execute, inspect
and complete requests before they reach the kernel, while widget (comm) traffic passes; and a
client not speaking the v1 websocket protocol (whose binary messages hung Voilà's handler) is
refused at the handshake while the gallery keeps serving."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
import requests
from tornado.httpclient import HTTPClientError
from tornado.websocket import websocket_connect

from gallery.page_messages import read_message, shell_message, visitor_session
from gallery.websocket_guard import V1_SUBPROTOCOL

pytestmark = [pytest.mark.slow]


SESSION = visitor_session()


def _message(msg_type: str, content: dict) -> tuple[str, bytes]:
    return shell_message(SESSION, msg_type, content)


def _kernel_websocket_url(gallery, notebook: str) -> str:
    """A visitor's page of ``notebook`` and its kernel's websocket address."""
    page = requests.get(f"{gallery.url}/voila/render/{notebook}", timeout=120)
    kernel_id = re.search(r'"kernelId": "([0-9a-f-]{36})"', page.text).group(1)
    return f"ws://127.0.0.1:{gallery.port}/api/kernels/{kernel_id}/channels"


async def _handshake(connection) -> list[str]:
    """Send kernel_info_request; the types of what answers it, until the reply itself (the
    kernel's iopub "status" messages name it as parent too and may come first)."""
    msg_id, raw = _message("kernel_info_request", {})
    await connection.write_message(raw, binary=True)
    seen: list[str] = []
    while "kernel_info_reply" not in seen:
        reply = read_message(await asyncio.wait_for(connection.read_message(), 30))
        if reply["parent_header"].get("msg_id") == msg_id:
            seen.append(reply["msg_type"])
    return seen


async def _probe(ws_url: str, marker: Path) -> dict[str, list[str]]:
    """Send forbidden requests, then an allowed kernel_info_request; collect reply types by
    the request they answer until the allowed one is answered."""
    connection = await websocket_connect(ws_url, subprotocols=[V1_SUBPROTOCOL])
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
        await connection.write_message(raw, binary=True)
    info_id, raw = _message("kernel_info_request", {})
    sent[info_id] = "kernel_info_request"
    await connection.write_message(raw, binary=True)
    replies: dict[str, list[str]] = {name: [] for name in sent.values()}

    def record(raw_reply: bytes) -> None:
        message = read_message(raw_reply)
        parent = message["parent_header"].get("msg_id")
        if parent in sent:
            replies[sent[parent]].append(message["msg_type"])

    deadline = asyncio.get_running_loop().time() + 30
    # Until the reply itself: the kernel's "status" messages name the request as parent too.
    while "kernel_info_reply" not in replies["kernel_info_request"]:
        remaining = deadline - asyncio.get_running_loop().time()
        raw_reply = await asyncio.wait_for(connection.read_message(), max(remaining, 0.1))
        assert raw_reply is not None, "kernel websocket closed"
        record(raw_reply)
    await asyncio.sleep(2)  # anything a forbidden request caused would have arrived by now
    while True:
        try:
            raw_reply = await asyncio.wait_for(connection.read_message(), 0.5)
        except TimeoutError:
            break
        if raw_reply is None:
            break
        record(raw_reply)
    connection.close()
    return replies


def test_execute_request_from_the_page_is_dropped(gallery, tmp_path: Path):
    ws_url = _kernel_websocket_url(gallery, "cansat_mission_replay.ipynb")
    marker = tmp_path / "executed"
    replies = asyncio.run(_probe(ws_url, marker))
    assert "kernel_info_reply" in replies["kernel_info_request"]  # the channel works...
    assert replies["execute_request"] == []  # ...but nothing answered the forbidden ones
    assert replies["inspect_request"] == []
    assert replies["complete_request"] == []
    assert not marker.exists()
    assert "Gallery: dropped execute_request" in gallery.log_path.read_text()


def test_a_client_without_the_v1_protocol_is_refused_and_the_gallery_serves_on(gallery):
    ws_url = _kernel_websocket_url(gallery, "fire_the_thruster.ipynb")

    async def legacy_then_v1() -> tuple[int, str]:
        try:
            await websocket_connect(ws_url)  # no subprotocol: the legacy protocol
            refused = 0
        except HTTPClientError as error:
            refused = error.code
        connection = await websocket_connect(ws_url, subprotocols=[V1_SUBPROTOCOL])
        seen = await _handshake(connection)
        connection.close()
        return refused, seen[-1]

    refused, reply_type = asyncio.run(legacy_then_v1())
    assert refused == 400
    assert reply_type == "kernel_info_reply"
    assert "Uncaught exception" not in gallery.log_path.read_text()  # refused cleanly
    assert requests.get(gallery.url + "/", timeout=30).status_code == 200
    assert "refused a kernel websocket without the v1" in gallery.log_path.read_text()


def test_a_frame_whose_offset_table_lies_is_dropped_and_the_gallery_serves_on(gallery):
    """One binary frame claiming ~10**19 offsets once held the gallery's only thread (and its
    memory) in jupyter_server's v1 reader; now the guard drops it and the same kernel
    websocket, and every other visitor, carry on."""
    ws_url = _kernel_websocket_url(gallery, "fire_the_thruster.ipynb")

    async def hostile_frame_then_handshake() -> list[str]:
        connection = await websocket_connect(ws_url, subprotocols=[V1_SUBPROTOCOL])
        await connection.write_message(b"\xff" * 8 + b"x" * 64, binary=True)
        seen = await _handshake(connection)
        connection.close()
        return seen

    assert "kernel_info_reply" in asyncio.run(hostile_frame_then_handshake())
    assert requests.get(f"{gallery.url}/", timeout=30).status_code == 200
    assert "offset count 18446744073709551615 does not fit" in gallery.log_path.read_text()
