"""Turning kernel exits and cell errors into scores and reasons, without a kernel."""

from __future__ import annotations

import signal

import nbformat
from nbformat import NotebookNode
from nbgrader import utils

from grading.execute import (
    NOT_EXECUTED,
    explain_exit_status,
    mark_not_executed,
    message_size_bytes,
)
from grading.record import cell_error_reasons
from grading.runner.limits import ResourceLimits

LIMITS = ResourceLimits(cpu_time_s=60, wall_time_s=120, memory_bytes=2**30, max_processes=64,
                        file_size_bytes=64 * 2**20, output_limit_bytes=2**20)


def grade_cell(source: str, grade_id: str) -> NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": grade_id, "points": 1,
                                 "solution": False, "locked": True, "schema_version": 3}
    return cell


def test_exit_statuses_name_the_limit() -> None:
    assert "CPU time limit of 60 s" in explain_exit_status(128 + signal.SIGXCPU, LIMITS)
    assert "CPU time limit" in explain_exit_status(-signal.SIGXCPU, LIMITS)
    assert "file size limit of 64 MiB" in explain_exit_status(128 + signal.SIGXFSZ, LIMITS)
    assert "signal SIGKILL" in explain_exit_status(-9, LIMITS)
    assert "os._exit" in explain_exit_status(0, LIMITS)


def test_cells_that_never_ran_score_zero_instead_of_passing() -> None:
    nb = nbformat.v4.new_notebook(cells=[grade_cell("assert True", "t1"),
                                         grade_cell("assert True", "t2")])
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="partial output\n")]
    assert utils.determine_grade(nb.cells[1], None)[0] == 1  # no output counts as a pass
    mark_not_executed(nb, 0, "wall time limit")
    assert nb.cells[0].outputs[0]["text"] == "partial output\n"  # kept
    assert [o["ename"] for o in nb.cells[0].outputs[1:]] == [NOT_EXECUTED]
    assert utils.determine_grade(nb.cells[0], None)[0] == 0
    assert utils.determine_grade(nb.cells[1], None)[0] == 0


def test_reasons_name_the_cell_and_skip_not_executed_markers() -> None:
    nb = nbformat.v4.new_notebook(cells=[grade_cell("assert f(1) == 2", "speed_tests")])
    nb.cells[0].outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="",
                                                  traceback=[])]
    mark_not_executed(nb, 0, "stopped")
    assert cell_error_reasons(nb) == ["test 'speed_tests': AssertionError:"]


def test_message_size_counts_text_tracebacks_and_data() -> None:
    assert message_size_bytes({"content": {"text": "x" * 10}}) == 10
    assert message_size_bytes({"content": {"traceback": ["ab", "cd"]}}) == 4
    assert message_size_bytes({"content": {"data": {"text/plain": "abc",
                                                    "image/png": "QUJD"}}}) == 7
