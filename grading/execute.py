"""Run one sanitized notebook: the student's cells in a sandboxed kernel, the tests apart.

The executor stays in the grader process: only the kernel and the test process are sandboxed.
The notebook (which, after sanitizing, holds the hidden tests) is never written where the kernel
could read it. Test cells never reach the kernel at all: they run in a test process of their
own (:mod:`grading.judge`), which also runs the instructor's given (locked) cells so that the
names the tests use are the instructor's, and asks the kernel only for the student's values, as
plain data. Cells run in notebook order, so a test sees the student's state as it was then.

Limits enforced here, by killing the whole sandbox: wall time per notebook (kernel start-up
included) and output size. CPU time, memory, processes and file size are enforced by the kernel's
rlimits; when one of them kills the kernel, :func:`explain_exit_status` turns the status into a
reason. Cells that never ran because the kernel stopped get an error output, so nbgrader scores
their tests zero instead of treating "no output" as a pass.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import re
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from traitlets import Int

from grading.judge.process import JudgeError, JudgeProcess, KernelBridge
from grading.runner.base import SandboxedKernelManager
from grading.runner.bubblewrap import SANDBOX_HOME
from grading.runner.limits import ResourceLimits

KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:", "--InteractiveShellApp.exec_lines=[]"]
"""No history file; none of the academy's start-up lines (the numba cache hook imports from the
checkout, which the sandbox does not mount: IPython would format its ImportError at every start).
"""
NOT_EXECUTED = "NotExecuted"
"""``ename`` of the error output given to cells that never ran."""


@dataclass(frozen=True)
class ExecutionReport:
    """How a notebook run ended: ``stop_reason`` is None when every cell ran; ``notes`` are
    other things the student or instructor should read (a full disk quota, a given cell the
    test process could not run)."""

    stop_reason: str | None
    cells_run: int
    notes: tuple[str, ...] = ()


def cell_role(cell: NotebookNode) -> str:
    """'test' (autograder tests), 'given' (locked instructor code), 'student' or 'text'."""
    if cell.cell_type != "code":
        return "text"
    meta = cell.metadata.get("nbgrader", {})
    if meta.get("grade") and not meta.get("solution"):
        return "test"
    if meta.get("locked") and not meta.get("solution"):
        return "given"
    return "student"


def error_output(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"{ename}: {evalue}"])


def checked_test_outputs(outputs: list[NotebookNode], points: float) -> list[NotebookNode]:
    """A test's outputs, with a numeric result outside 0..points turned into an error.

    nbgrader reads a number shown as a test cell's result as its partial score, and one above
    the cell's points makes it raise in the grader, which stopped the run for every student.
    A test whose last line is a student's value would hand the student that switch.
    """
    checked = []
    for output in outputs:
        text = output.get("data", {}).get("text/plain") if output.get(
            "output_type") == "execute_result" else None
        try:
            value = float(text) if isinstance(text, str) else None
        except ValueError:
            value = None
        if value is not None and not 0 <= value <= points:
            output = error_output("ScoreOutOfRange", f"the test's result {text[:40]} is not a "
                                  f"score between 0 and {points:g}")
        checked.append(output)
    return checked


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


class TestCells:
    """The notebook's test process: started beside the kernel, run cell by cell, stopped.

    A failure of the test process costs the tests that could not run their points (an error
    output each) and is reported once; it never stops the student's cells.
    """

    def __init__(self, command: list[str] | None, cwd: Path | None) -> None:
        self._starting = (asyncio.ensure_future(JudgeProcess.start(command, cwd))
                          if command is not None else None)
        self.judge: JudgeProcess | None = None
        self.failure: str | None = None if command is not None else "no test process"

    async def run(self, source: str, kernel: KernelBridge) -> list[NotebookNode]:
        """The outputs of one cell run in the test process (an error output if it cannot)."""
        if self.failure is None:
            try:
                if self.judge is None:
                    assert self._starting is not None
                    self.judge = await self._starting
                outputs = await self.judge.run(source, kernel)
                return [NotebookNode(output) for output in outputs]
            except JudgeError as error:
                self.failure = str(error)
        return [error_output("TestProcessError", f"the tests could not run: {self.failure}")]

    @property
    def output_bytes(self) -> int:
        return self.judge.output_bytes if self.judge is not None else 0

    async def stop(self) -> None:
        if self._starting is not None and not self._starting.done():
            self._starting.cancel()
        with contextlib.suppress(BaseException):
            self.judge = self.judge or (await self._starting if self._starting else None)
        if self.judge is not None:
            await self.judge.stop()


def quota_note(statvfs_repr: str | None, limits: ResourceLimits) -> str | None:
    """A note for the feedback when the sandbox's quota tmpfs is (almost) full.

    ``statvfs_repr`` is the kernel's repr of ``os.statvfs`` of its home. The student could fake
    it; that only changes this note, never the quota, which the kernel enforces.
    """
    if not statvfs_repr:
        return None
    fields = dict(re.findall(r"(f_\w+)=(\d+)", statvfs_repr))
    try:
        free_bytes = int(fields["f_bavail"]) * int(fields["f_frsize"])
        free_inodes = int(fields["f_favail"])
    except (KeyError, ValueError):
        return None
    if free_bytes < _QUOTA_MARGIN_BYTES:
        return (f"disk quota of {limits.disk_quota_bytes // 1024**2} MiB for the files the "
                "notebook writes was exceeded; later writes failed ('No space left on device')")
    if free_inodes < _QUOTA_MARGIN_INODES:
        return (f"file quota of {limits.inode_quota} files and directories was exceeded; "
                "later writes failed ('No space left on device')")
    return None


_QUOTA_MARGIN_BYTES = 64 * 1024
_QUOTA_MARGIN_INODES = 8


async def execute_notebook(nb: NotebookNode, km: SandboxedKernelManager,
                           limits: ResourceLimits, cwd: Path | None = None,
                           judge_command: list[str] | None = None,
                           judge_cwd: Path | None = None) -> ExecutionReport:
    """Run every cell of ``nb`` (in place), then kill the kernel and the test process.

    Student and given cells run in a fresh kernel from ``km``; test cells run in the test
    process ``judge_command`` (started in ``judge_cwd`` on the host if it is not sandboxed),
    and given cells there too. A notebook with test cells needs ``judge_command``: without
    it each test scores zero with a reason. ``cwd`` is the kernel process's working directory
    on the host (a sandbox sets its own inside; a local kernel works there).

    Student errors are outputs, not exceptions: the run goes on after a failing cell, as in
    nbgrader. What stops it (timeouts, a dead kernel, too much output) is returned as the
    report's reason; the kernel and everything it started are gone when this returns.
    """
    client = LimitedNotebookClient(
        nb, km=km, allow_errors=True, timeout=limits.wall_time_s,
        startup_timeout=limits.wall_time_s, shutdown_kernel="immediate",
        raise_on_iopub_timeout=False, iopub_timeout=2, record_timing=False,
        output_limit_bytes=limits.output_limit_bytes,
        extra_arguments=KERNEL_ARGUMENTS)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limits.wall_time_s
    wall_reason = f"wall time limit of {limits.wall_time_s} s exceeded; the sandbox was killed"
    needs_tests = any(cell_role(cell) == "test" for cell in nb.cells)
    tests = TestCells(judge_command if needs_tests else None, judge_cwd)
    notes: list[str] = []
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
                kernel = KernelBridge(client.kc, km.is_alive)
                for index, cell in enumerate(nb.cells):
                    role = cell_role(cell)
                    # Each cell may use what is left of the notebook's wall time.
                    remaining = deadline - loop.time()
                    client.timeout = max(1, math.ceil(remaining))
                    if role == "test":
                        async with asyncio.timeout(max(remaining, 0.001)):
                            outputs = await tests.run(cell.source, kernel)
                        points = float(cell.metadata["nbgrader"].get("points", 0) or 0)
                        cell.outputs = checked_test_outputs(outputs, points)
                        cell.execution_count = None
                        if client.output_bytes + tests.output_bytes > limits.output_limit_bytes:
                            client.output_exceeded = True
                            break
                        continue
                    await client.async_execute_cell(
                        cell, index, execution_count=client.code_cells_executed + 1)
                    if role == "given" and needs_tests:
                        async with asyncio.timeout(max(deadline - loop.time(), 0.001)):
                            outputs = await tests.run(cell.source, kernel)
                        if any(output.get("output_type") == "error" for output in outputs):
                            notes.append(f"given cell {index + 1} could not run in the test "
                                         "process; tests using its names read the student's")
                else:
                    index = len(nb.cells)
                if stop_reason is None and km.sandbox_ip:
                    note = quota_note(await kernel.evaluate(
                        f"__import__('os').statvfs({SANDBOX_HOME!r})"), limits)
                    if note:
                        notes.append(note)
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
        await tests.stop()
        if client.kc is not None:
            client.kc.stop_channels()
        if km.has_kernel:
            await km.shutdown_kernel(now=True)
    if client.output_exceeded and stop_reason is None:
        stop_reason = (f"output limit of {limits.output_limit_bytes} bytes exceeded; "
                       "the kernel was stopped")
    if stop_reason is not None:
        mark_not_executed(nb, index, stop_reason)
    if tests.failure and needs_tests and stop_reason is None:
        notes.append(f"the tests could not run: {tests.failure}")
    return ExecutionReport(stop_reason=stop_reason, cells_run=index, notes=tuple(dict.fromkeys(
        notes)))
