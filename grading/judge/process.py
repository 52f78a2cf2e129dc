"""The grader's side of the test process: start it, run cells in it, relay its questions.

The test process (:mod:`grading.judge.program`) asks about the student's namespace; each
question goes to the student's kernel as a silent execute request whose user expression is
answered by the kernel's bridge (:mod:`grading.judge.bridge`). The grader only relays text and
bounds its size and time; decoding happens in the test process, inside its sandbox, so nothing
the student sends is parsed by the grader itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
from collections.abc import Awaitable, Callable
from functools import cache
from pathlib import Path

import psutil
from jupyter_client.asynchronous.client import AsyncKernelClient

from grading.judge import bridge, plain_values, program

MAX_MESSAGE_BYTES = 16 * 1024 * 1024
"""Largest answer relayed from the kernel or message read from the test process."""


class JudgeError(Exception):
    """The test process failed (did not start, died, or broke the protocol)."""


@cache
def _source(module_path: str) -> str:
    return Path(module_path).read_text(encoding="utf-8")


def launcher_code() -> str:
    """The ``-c`` program of the test process (codec and program sources inlined)."""
    return program.launcher_code(_source(plain_values.__file__), _source(program.__file__))


def bridge_definition() -> str:
    """The code that defines the bridge in the student's kernel."""
    return bridge.definition_code(_source(plain_values.__file__), _source(bridge.__file__))


def judge_command(python: str = sys.executable) -> list[str]:
    """The test process's command after the sandbox prefix: isolated mode, no site-dir
    surprises from the environment, and no working directory on ``sys.path``."""
    return [python, "-I", "-c", launcher_code()]


class KernelBridge:
    """Asks the student's kernel one question at a time over its shell channel."""

    def __init__(self, client: AsyncKernelClient,
                 is_alive: Callable[[], Awaitable[bool]]) -> None:
        self.client = client
        self.is_alive = is_alive
        self.defined = False

    async def ask(self, request_text: str) -> dict:
        """``{"text": <repr of the bridge's JSON answer>}`` or ``{"failed": reason}``.

        The bridge's definition (a few KB for IPython to compile) goes with the first
        question only, and again if the student's code has deleted the bridge since.
        """
        expression = bridge.request_expression(request_text)
        if self.defined:
            answer = await self._expression(expression, "")
            if "__academy_bridge__" not in answer.get("failed", ""):
                return answer
        self.defined = True
        return await self._expression(expression, bridge_definition())

    async def evaluate(self, expression: str) -> str | None:
        """The text/plain repr of one expression in the kernel, or None if it failed."""
        return (await self._expression(expression, "")).get("text")

    async def _expression(self, expression: str, code: str) -> dict:
        msg_id = self.client.execute(code, silent=True, store_history=False,
                                     allow_stdin=False, user_expressions={"r": expression})
        while True:
            try:
                reply = await self.client.get_shell_msg(timeout=0.5)
            except Exception:  # queue.Empty: nothing yet; is the kernel still there?
                if not await self.is_alive():
                    return {"failed": "the kernel stopped"}
                continue
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                break
        content = reply.get("content", {})
        if content.get("status") != "ok":
            return {"failed": f"{content.get('ename', 'error')} while answering"}
        result = content.get("user_expressions", {}).get("r", {})
        if result.get("status") != "ok":
            return {"failed": f"{result.get('ename', 'error')}: {result.get('evalue', '')}"}
        text = result.get("data", {}).get("text/plain")
        if not isinstance(text, str) or len(text) > MAX_MESSAGE_BYTES:
            return {"failed": "the answer was not text or was too large"}
        return {"text": text}


class JudgeProcess:
    """One test process per notebook, in its own sandbox, fed one cell at a time."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.output_bytes = 0

    @classmethod
    async def start(cls, command: list[str], cwd: Path | None = None) -> JudgeProcess:
        process = await asyncio.create_subprocess_exec(
            *command, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL, cwd=cwd, limit=MAX_MESSAGE_BYTES,
            env={}, start_new_session=True)
        judge = cls(process)
        hello = await judge._receive()
        if hello.get("op") != "ready":
            await judge.stop()
            raise JudgeError("the test process did not start")
        return judge

    async def run(self, source: str, kernel: KernelBridge) -> list[dict]:
        """Run one cell; answer its questions through ``kernel``; return the cell's outputs."""
        await self._send({"op": "run", "code": source})
        while True:
            message = await self._receive()
            if message.get("op") == "done":
                outputs = message.get("outputs")
                if not isinstance(outputs, list):
                    raise JudgeError("the test process sent no outputs")
                self.output_bytes += len(json.dumps(outputs))
                return outputs
            if message.get("op") != "ask" or not isinstance(message.get("request"), str):
                raise JudgeError("the test process broke the protocol")
            await self._send(await kernel.ask(message["request"]))

    async def _send(self, message: dict) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(message).encode() + b"\n")
            await self.process.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            raise JudgeError("the test process stopped") from None

    async def _receive(self) -> dict:
        assert self.process.stdout is not None
        try:
            line = await self.process.stdout.readline()
        except (ValueError, asyncio.LimitOverrunError):
            raise JudgeError("the test process sent a message that is too large") from None
        if not line:
            raise JudgeError("the test process stopped")
        try:
            message = json.loads(line)
        except ValueError:
            raise JudgeError("the test process sent an unreadable message") from None
        if not isinstance(message, dict):
            raise JudgeError("the test process broke the protocol")
        return message

    async def stop(self) -> None:
        """Kill the test process and whatever its sandbox holds, and reap it."""
        if self.process.returncode is None:
            with contextlib.suppress(psutil.NoSuchProcess):
                for child in psutil.Process(self.process.pid).children(recursive=True):
                    with contextlib.suppress(psutil.NoSuchProcess):
                        child.send_signal(signal.SIGKILL)
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.process.wait(), 5)
