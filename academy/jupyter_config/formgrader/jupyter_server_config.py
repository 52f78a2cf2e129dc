"""Server settings of the per-course formgrader services (before the user config on the path).

nbgrader's formgrader plus the academy's extension, whose autograde actions run the sandboxed
grading pipeline (grading.formgrader_extension) instead of plain ``nbgrader autograde``.
"""

c = get_config()  # noqa: F821  (provided by traitlets when it loads this file)

c.ServerApp.jpserver_extensions = {
    # nbgrader's formgrader is loaded by ours (grading.formgrader_extension), not on its own.
    "nbgrader.server_extensions.formgrader": False,
    "grading.formgrader_extension": True,
    # A formgrader is not a student: no assignment list or course list of its own.
    "nbgrader.server_extensions.assignment_list": False,
    "nbgrader.server_extensions.course_list": False,
    "nbgrader.server_extensions.validate_assignment": False,
    # Not needed to grade, and each costs start-up time the hub does not wait for.
    "jupyter_lsp": False,
    "voila.server_extension": False,
    "jupyterlab_jupytext": False,
}
c.ServerApp.default_url = "/formgrader"
