"""The test process's cell runner, on its own (no student kernel): IPython-like results,
magics that do nothing, names resolved in functions too, failures as error outputs."""

from __future__ import annotations

from grading.judge import plain_values, program


def namespace() -> program.TestNamespace:
    return program.TestNamespace(program.Student(None, plain_values))


def test_the_last_expression_is_the_result_and_magics_are_ignored() -> None:
    names = namespace()
    outputs = program.run_cell("%matplotlib inline\nimport math\nx = math.sqrt(4)\n!ls\nx",
                               names)
    assert outputs == [{"output_type": "execute_result", "execution_count": None,
                        "metadata": {}, "data": {"text/plain": "2.0"}}]


def test_functions_defined_in_a_cell_see_its_names_and_the_builtins() -> None:
    names = namespace()
    program.run_cell("x = 2.0", names)
    assert program.run_cell("def f():\n    return abs(-3) + x\nf()", names)[0]["data"] == {
        "text/plain": "5.0"}


def test_a_failing_assertion_is_an_error_output_with_prints_kept() -> None:
    outputs = program.run_cell("print('checking')\nassert 1 == 2, 'wrong'", namespace())
    assert outputs[0] == {"output_type": "stream", "name": "stdout", "text": "checking\n"}
    assert outputs[1]["output_type"] == "error" and outputs[1]["ename"] == "AssertionError"
    assert outputs[1]["evalue"] == "wrong"


def test_a_student_object_has_no_truth_value_and_equals_nothing() -> None:
    handle = program.StudentObject(program.Student(None, plain_values), 1, "Liar")
    assert handle != handle.__class__ and not (handle == 1)
    try:
        bool(handle)
    except TypeError as error:
        assert "no truth value" in str(error)
    else:
        raise AssertionError("a student object passed as a truth value")
