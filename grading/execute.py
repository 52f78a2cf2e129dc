"""Run one sanitized notebook in a kernel the runner started, within the parent-side limits.

The executor stays in the grader process: only the kernel is sandboxed. The notebook (which, after
sanitizing, holds the hidden tests) is never written where the kernel could read it; test cells
reach the kernel one at a time, as execute requests, after the student's own cells have run.

Limits enforced here, by killing the whole sandbox: wall time per notebook (kernel start-up
included) and output size. CPU time, memory, processes and file size are enforced by the kernel's
rlimits; when one of them kills the kernel, :func:`explain_exit_status` turns the status into a
reason. Cells that never ran because the kernel stopped get an error output, so nbgrader scores
their tests zero instead of treating "no output" as a pass.
"""

from __future__ import annotations

import asyncio
import math
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from traitlets import Int

from grading.runner.base import SandboxedKernelManager
from grading.runner.limits import ResourceLimits

NOT_EXECUTED = "NotExecuted"
"""``ename`` of the error output given to cells that never ran."""


@dataclass(frozen=True)
class ExecutionReport:
    """How a notebook run ended: ``stop_reason`` is None when every cell ran."""

    stop_reason: str | None
    cells_run: int


def message_size_bytes(msg: dict) -> int:
    """Bytes of user-visible output carried by one iopub message (text and encoded data)."""
    content = msg.get("content", {})
    size = len(content.get("text", ""))
    size += sum(len(line) for line in content.get("traceback", ()))
    for value in (content.get("data") or {}).values():
        size += len(value) if isinstance(value, str) else len(str(value))
    return size


def explain_exit_status(status: int | None, limits: ResourceLimits) -> str:
    """A student-readable reason for a kernel that died with ``status``.

    bwrap reports a child killed by signal N as exit status 128+N; Popen reports a process
    killed by signal N as -N.
    """
    if status is None:
        return "the kernel stopped responding"
    signum = -status if status < 0 else status - 128 if status > 128 else 0
    if signum == signal.SIGXCPU:
        return f"CPU time limit of {limits.cpu_time_s} s exceeded; the kernel was stopped"
    if signum == signal.SIGXFSZ:
        return (f"file size limit of {limits.file_size_bytes // 1024**2} MiB exceeded; "
                "the kernel was stopped")
    if signum:
        return f"the kernel was killed by signal {signal.Signals(signum).name}"
    return f"the kernel exited (status {status}), e.g. through os._exit or a crash"


class LimitedNotebookClient(NotebookClient):
    """nbclient's executor, plus a cap on the output one notebook may produce.

    Past the cap the kernel is killed at once: truncating instead would still make the grader
    receive and decode everything a ``while True: print(...)`` sends until the wall time ends.
    """

    output_limit_bytes = Int(1024**2, help="Bytes of output before the kernel is killed.")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.output_bytes = 0
        self.output_exceeded = False

    def process_message(self, msg: dict, cell: NotebookNode,
                        cell_index: int) -> NotebookNode | None:
        if msg["msg_type"] in ("stream", "display_data", "execute_result", "error",
                               "update_display_data"):
            self.output_bytes += message_size_bytes(msg)
            if self.output_bytes > self.output_limit_bytes:
                if not self.output_exceeded:
                    self.output_exceeded = True
                    if isinstance(self.km, SandboxedKernelManager):
                        self.km.kill_now()
                return None
        return super().process_message(msg, cell, cell_index)


def mark_not_executed(nb: NotebookNode, first_index: int, reason: str) -> None:
    """Give every code cell from ``first_index`` on an error output saying why it did not finish.

    The cell that was running keeps what it printed; later cells lose any stale outputs.
    """
    for index, cell in enumerate(nb.cells[first_index:], start=first_index):
        if cell.cell_type != "code":
            continue
        error = NotebookNode(output_type="error", ename=NOT_EXECUTED,
                             evalue=f"not run to the end: {reason}",
                             traceback=[f"{NOT_EXECUTED}: not run to the end: {reason}"])
        cell.outputs = [*cell.get("outputs", []), error] if index == first_index else [error]


async def execute_notebook(nb: NotebookNode, km: SandboxedKernelManager,
                           limits: ResourceLimits, cwd: Path | None = None) -> ExecutionReport:
    """Run every cell of ``nb`` (in place) in a fresh kernel from ``km``, then kill the kernel.

    ``cwd`` is the kernel process's working directory on the host (a sandbox sets its own
    inside; a local kernel works there).

    Student errors are outputs, not exceptions: the run goes on after a failing cell, as in
    nbgrader. What stops it (timeouts, a dead kernel, too much output) is returned as the
    report's reason; the kernel and everything it started are gone when this returns.
    """
    client = LimitedNotebookClient(
        nb, km=km, allow_errors=True, timeout=limits.wall_time_s,
        startup_timeout=limits.wall_time_s, shutdown_kernel="immediate",
        raise_on_iopub_timeout=False, iopub_timeout=2, record_timing=False,
        output_limit_bytes=limits.output_limit_bytes,
        extra_arguments=["--HistoryManager.hist_file=:memory:"])
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limits.wall_time_s
    wall_reason = f"wall time limit of {limits.wall_time_s} s exceeded; the sandbox was killed"
    index = 0
    stop_reason: str | None = None
    try:
        # The backstop only matters if a step without its own timeout hangs; nbclient turns
        # the cancellation into DeadKernelError, handled below by looking at the clock.
        async with asyncio.timeout(limits.wall_time_s + 5):
            # Kernel set-up by hand rather than nbclient's async_setup_kernel, which installs
            # its own SIGINT handler per notebook and so swallows the operator's Ctrl-C.
            try:
                await client.async_start_new_kernel(
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    **({"cwd": str(cwd)} if cwd is not None else {}))
                await client.async_start_new_kernel_client()
            except RuntimeError as error:
                # The submission can cause this (a file shadowing ipykernel's modules in the
                # working directory); the pipeline's preflight rules out a broken sandbox.
                stop_reason = f"the kernel did not start ({error})"
            else:
                for index, cell in enumerate(nb.cells):
                    # Each cell may use what is left of the notebook's wall time.
                    client.timeout = max(1, math.ceil(deadline - loop.time()))
                    await client.async_execute_cell(
                        cell, index, execution_count=client.code_cells_executed + 1)
                index = len(nb.cells)
    except (TimeoutError, CellTimeoutError):
        stop_reason = wall_reason
    except DeadKernelError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            # nbclient reports any cancellation as a dead kernel; this one came from outside
            # (the operator's Ctrl-C, a failing sibling job): stop, do not grade.
            raise asyncio.CancelledError from None
        if client.output_exceeded:
            stop_reason = (f"output limit of {limits.output_limit_bytes} bytes exceeded; "
                           "the kernel was stopped")
        elif loop.time() >= deadline:
            stop_reason = wall_reason
        else:
            stop_reason = explain_exit_status(km.exit_status, limits)
    finally:
        if client.kc is not None:
            client.kc.stop_channels()
        if km.has_kernel:
            await km.shutdown_kernel(now=True)
    if client.output_exceeded and stop_reason is None:
        stop_reason = (f"output limit of {limits.output_limit_bytes} bytes exceeded; "
                       "the kernel was stopped")
    if stop_reason is not None:
        mark_not_executed(nb, index, stop_reason)
    return ExecutionReport(stop_reason=stop_reason, cells_run=index)
