"""Jupyter server extension of the formgrader services: nbgrader's formgrader, graded our way.

It loads nbgrader's formgrader, then puts two handlers in front of it so that grading from the
formgrader runs the same code as ``academy grade`` (:func:`grading.pipeline.grade_assignment_async`:
collect, sandboxed kernels, limits, gradebook written by this process only):

* ``POST .../formgrader/api/submission/<assignment>/<student>/autograde``: nbgrader's per-student
  autograde button;
* ``POST .../formgrader/api/assignment/<assignment>/autograde``: every submission at once, the
  "Collect and autograde all" button this extension adds to the Manage Submissions page, which
  also generates and releases feedback.

Both answer the JSON nbgrader's pages expect: ``success``, ``log`` and, on failure, ``error``.

At load it also starts :mod:`grading.release_on_start` beside the server (niced, so the server
answers the hub first: the hub gives a managed service only seconds to come up).
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader
from nbgrader.server_extensions import formgrader as nbgrader_formgrader
from nbgrader.server_extensions.formgrader import handlers as nbgrader_handlers
from nbgrader.server_extensions.formgrader.base import (
    BaseApiHandler,
    check_notebook_dir,
    check_xsrf,
)
from tornado import web

from academy.tornado_routes import add_handlers_first
from foundation.config.grading import split_patterns
from foundation.errors import AcademyError
from grading.pipeline import GradingRun, grade_assignment_async
from grading.roster import sync_roster_from_hub

TEMPLATES_DIR = Path(__file__).parent / "formgrader_templates"


async def run_pipeline(course_root: str, assignment_id: str, students: list[str] | None,
                       feedback: bool) -> dict:
    """Grade with the academy's pipeline; the result as nbgrader's API dictionaries."""
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setLevel(logging.INFO)
    pipeline_log = logging.getLogger("grading")
    pipeline_log.addHandler(handler)
    try:
        run: GradingRun = await grade_assignment_async(
            course_root, assignment_id, students=students, feedback=feedback, progress=False)
    except AcademyError as error:
        return {"success": False, "error": str(error), "log": log.getvalue()}
    finally:
        pipeline_log.removeHandler(handler)
    lines = [f"{result.student}: {result.auto_score:g}/{result.max_auto_score:g}"
             + (f" ({'; '.join(result.reasons)})" if result.reasons else "")
             for result in run.results]
    return {"success": True, "log": log.getvalue() + "\n".join(lines),
            "graded": len(run.results)}


class SandboxedAutogradeHandler(BaseApiHandler):
    """nbgrader's per-submission autograde button, through the sandboxed pipeline."""

    @web.authenticated
    @check_xsrf
    @check_notebook_dir
    async def post(self, assignment_id: str, student_id: str) -> None:
        result = await run_pipeline(self.coursedir.root, assignment_id, [student_id],
                                    feedback=False)
        self.write(json.dumps(result))


class SandboxedAutogradeAllHandler(BaseApiHandler):
    """Collect, autograde every submission in parallel sandboxes, generate+release feedback."""

    @web.authenticated
    @check_xsrf
    @check_notebook_dir
    async def post(self, assignment_id: str) -> None:
        # Whoever never submitted is on the roster too, so exports show their zero.
        added = sync_roster_from_hub(self.coursedir.db_url, self.coursedir.course_id)
        result = await run_pipeline(self.coursedir.root, assignment_id, None, feedback=True)
        if added:
            result["log"] = f"added to the gradebook from the course group: {added}\n" + \
                result.get("log", "")
        self.write(json.dumps(result))


HANDLERS = [
    (r"/formgrader/api/submission/([^/]+)/([^/]+)/autograde", SandboxedAutogradeHandler),
    (r"/formgrader/api/assignment/([^/]+)/autograde", SandboxedAutogradeAllHandler),
]


def use_academy_templates(webapp: web.Application) -> None:
    """Our templates first; each may extend nbgrader's as ``nbgrader/<name>``."""
    environment = webapp.settings["nbgrader_jinja2_env"]
    nbgrader_dir = nbgrader_handlers.template_path
    environment.loader = ChoiceLoader([
        FileSystemLoader([str(TEMPLATES_DIR)]),
        PrefixLoader({"nbgrader": FileSystemLoader([nbgrader_dir])}),
        FileSystemLoader([nbgrader_dir]),
    ])


def start_release_in_background() -> subprocess.Popen | None:
    """Run the release of ``ACADEMY_RELEASE_ASSIGNMENTS`` beside the server, at low priority."""
    if not split_patterns(os.environ.get("ACADEMY_RELEASE_ASSIGNMENTS", "")):
        return None
    child = subprocess.Popen([sys.executable, "-m", "grading.release_on_start"],
                             preexec_fn=lambda: os.nice(10))
    threading.Thread(target=child.wait, name="release-on-start", daemon=True).start()
    return child


def _jupyter_server_extension_points() -> list[dict]:
    return [{"module": "grading.formgrader_extension"}]


def _load_jupyter_server_extension(serverapp) -> None:
    """Load nbgrader's formgrader (disabled on its own in the service config), then ours."""
    nbgrader_formgrader.load_jupyter_server_extension(serverapp)
    add_handlers_first(serverapp.web_app, HANDLERS)
    use_academy_templates(serverapp.web_app)
    start_release_in_background()
    serverapp.log.info("Space Academy: formgrader autograding through the sandboxed pipeline")
