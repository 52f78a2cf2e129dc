"""Multi-course nbgrader on the hub: a formgrader service per course, course access by RBAC,
students listing and fetching only their own courses' assignments, and the whole loop in a real
browser (fetch, edit and submit in Lab; grade from the formgrader; read the feedback).
"""

from __future__ import annotations

import pwd
import re
import stat
import time
from pathlib import Path

import pytest
import requests
from nbgrader.api import Gradebook

pytestmark = [pytest.mark.slow]

COURSES = ("cansat", "cubesat-design", "orbits", "propulsion")
ASSIGNMENT = "a1-orbital-speed-en"
NOTEBOOK = "a1-orbital-speed.en.ipynb"
CANSAT_ASSIGNMENT = "a1-descent-en"
"""Released too (FORMGRADER_RELEASES in tests/integration/conftest.py): a course the
'orbitonly' student does not take."""
PART1_ANSWER = '''def circular_speed_km_s(altitude_km: float) -> float:
    """Speed (km/s) of a circular orbit at altitude_km above the equatorial radius."""
    return math.sqrt(MU_EARTH_KM3_S2 / (R_EARTH_KM + altitude_km))'''
PART1_POINTS = 3.0
"""Part 1's visible (2) and hidden (1) tests: the score of a submission answering only Part 1."""


def hub_session(hub, user: str) -> requests.Session:
    """A requests session logged in to the hub as ``user`` (its password from the demo file)."""
    session = requests.Session()
    session.get(f"{hub.url}/hub/login", timeout=30)
    response = session.post(f"{hub.url}/hub/login?next=",
                            data={"username": user, "password": hub.passwords[user],
                                  "_xsrf": session.cookies.get("_xsrf")}, timeout=60)
    assert response.status_code == 200 and "/hub/login" not in response.url, \
        f"login of {user} failed: {response.url}"
    return session


def wait_for_release(hub, course: str, assignment: str, timeout_s: float = 180) -> Path:
    outbound = hub.data_dir / "exchange" / course / "outbound" / assignment
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if any(outbound.glob("*.ipynb")):
            return outbound
        time.sleep(1)
    raise TimeoutError(f"{course}/{assignment} not released after {timeout_s}s; hub log:\n"
                       f"{hub.log_path.read_text()[-3000:]}")


def test_one_formgrader_service_per_course(formgrader_hub):
    services = formgrader_hub.api("GET", "/services").json()
    assert {f"formgrader-{course}" for course in COURSES} <= set(services)
    for course in COURSES:
        root = formgrader_hub.data_dir / "grading" / course
        info = root.stat()
        # The course's own grader account owns the grading directory; nobody else may enter.
        assert pwd.getpwuid(info.st_uid).pw_name == f"{formgrader_hub.unix_prefix}grader-{course}"
        assert stat.S_IMODE(info.st_mode) == 0o700
        assert (root / "nbgrader_config.py").read_text().count(f'"{course}"') == 1
        assert any((root / "source").iterdir()), f"{course}: sources not copied"


def test_formgrader_open_only_to_that_courses_staff(formgrader_hub):
    wait_for_release(formgrader_hub, "orbits", ASSIGNMENT)
    expectations = {
        # assistant is the TA of orbits and cubesat-design only.
        ("assistant", "orbits"): 200, ("assistant", "cubesat-design"): 200,
        ("assistant", "propulsion"): 403, ("assistant", "cansat"): 403,
        ("prof-orbits", "orbits"): 200, ("prof-orbits", "cansat"): 403,
        ("student1", "orbits"): 403,
    }
    sessions = {user: hub_session(formgrader_hub, user) for user, _ in expectations}
    for (user, course), status in expectations.items():
        response = sessions[user].get(
            f"{formgrader_hub.url}/services/formgrader-{course}/formgrader/manage_assignments",
            timeout=120)
        assert response.status_code == status, (user, course, response.status_code)
        if status == 200 and course == "orbits":
            # The page fills its table from the formgrader's API, as the same user.
            listed = sessions[user].get(f"{formgrader_hub.url}/services/formgrader-orbits/"
                                        "formgrader/api/assignments", timeout=120)
            assert ASSIGNMENT in {item["name"] for item in listed.json()}, listed.text[:300]


def test_staff_home_page_links_their_formgraders(formgrader_hub):
    home = hub_session(formgrader_hub, "assistant").get(f"{formgrader_hub.url}/hub/home",
                                                       timeout=60).text
    assert "/services/formgrader-orbits/formgrader" in home
    assert "/services/formgrader-cubesat-design/formgrader" in home
    assert "formgrader-propulsion" not in home
    student_home = hub_session(formgrader_hub, "student1").get(
        f"{formgrader_hub.url}/hub/home", timeout=60).text
    assert "/services/formgrader-" not in student_home


def nbgrader_list(hub, run_kernel, user: str) -> str:
    """``nbgrader list`` in the user's own kernel: what their Assignments tab shows."""
    return run_kernel(hub, user, "import subprocess\n"
                      "r = subprocess.run(['nbgrader', 'list'], capture_output=True, text=True)\n"
                      "print(r.stdout + r.stderr)")


def test_students_see_and_fetch_only_their_courses(formgrader_hub, run_kernel):
    hub = formgrader_hub
    wait_for_release(hub, "orbits", ASSIGNMENT)
    wait_for_release(hub, "cansat", CANSAT_ASSIGNMENT)
    for user, groups in (("orbitonly", ["students-orbits"]), ("outsider", [])):
        assert hub.api("POST", f"/users/{user}").status_code in (201, 409)
        for group in groups:
            hub.api("POST", f"/groups/{group}/users", json={"users": [user]})
        hub.start_server(user)
    enrolled = nbgrader_list(hub, run_kernel, "orbitonly")
    assert f"orbits {ASSIGNMENT}" in enrolled, enrolled
    assert CANSAT_ASSIGNMENT not in enrolled, enrolled
    outsider = nbgrader_list(hub, run_kernel, "outsider")
    assert "orbits" not in outsider and "cansat" not in outsider, outsider
    # Fetching by name does not get round it either.
    refused = run_kernel(hub, "outsider", (
        "import subprocess\n"
        f"r = subprocess.run(['nbgrader', 'fetch_assignment', '--course', 'orbits', "
        f"'{ASSIGNMENT}'], capture_output=True, text=True)\n"
        "print(r.returncode, r.stdout + r.stderr)"))
    assert not refused.startswith("0 ") and "do not have access" in refused, refused


def open_assignment_list(page, course: str = "orbits") -> None:
    """Nbgrader > Assignment List, showing ``course`` (the list shows one course at a time)."""
    page.click(".lm-MenuBar-itemLabel:text-is('Nbgrader')")
    page.click(".lm-Menu-itemLabel:text-is('Assignment List')")
    page.wait_for_selector("#course_list_default:visible")
    if page.inner_text("#course_list_default:visible").strip() != course:
        page.click("#course_list_dropdown:visible")
        page.click(f"#course_list:visible a:text-is('{course}')")
    page.wait_for_function(
        f"[...document.querySelectorAll('#course_list_default')].some("
        f"e => e.offsetParent && e.textContent.trim() === '{course}')")


@pytest.mark.browser
def test_fetch_edit_submit_grade_feedback_in_the_browser(formgrader_hub, browser, artifacts_dir):
    hub = formgrader_hub
    wait_for_release(hub, "orbits", ASSIGNMENT)
    passwords = hub.passwords

    # --- The student fetches in Lab's assignment list.
    student = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
    student.set_default_timeout(120_000)
    student.goto(f"{hub.url}/hub/login")
    student.fill("#username_input", "student1")
    student.fill("#password_input", passwords["student1"])
    student.click("#login_submit")
    student.wait_for_selector(".jp-LauncherCard, .jp-DirListing")
    open_assignment_list(student)
    released = student.locator("#released_assignments_list .list_item", has_text=ASSIGNMENT)
    released.locator("button", has_text="Fetch").click()
    fetched = student.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT)
    fetched.first.wait_for()
    student.screenshot(path=str(artifacts_dir / "grading-01-fetched.png"))

    # --- ... edits Part 1 in the notebook editor and saves ...
    student.goto(f"{hub.url}/user/student1/lab/tree/orbits/{ASSIGNMENT}/{NOTEBOOK}")
    cell = student.locator(".jp-CodeCell", has_text="def circular_speed_km_s").first
    cell.wait_for()
    cell.locator(".cm-content").click()
    student.keyboard.press("Control+a")
    student.keyboard.insert_text(PART1_ANSWER)
    student.keyboard.press("Control+s")
    home = hub.data_dir / "home" / "student1" / "orbits" / ASSIGNMENT / NOTEBOOK
    deadline = time.monotonic() + 60
    while "return math.sqrt" not in home.read_text() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert "return math.sqrt" in home.read_text(), "the edit was not saved"
    student.screenshot(path=str(artifacts_dir / "grading-02-edited.png"))

    # --- ... and submits from the assignment list.
    open_assignment_list(student)
    student.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT) \
        .locator("button", has_text="Submit").first.click()
    student.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT).first \
        .wait_for()
    inbound = hub.data_dir / "exchange" / "orbits" / "inbound"
    assert any(inbound.glob(f"student1+{ASSIGNMENT}+*")), "no submission in the exchange"
    student.screenshot(path=str(artifacts_dir / "grading-03-submitted.png"))

    # --- The instructor grades the class from the formgrader (sandboxed pipeline).
    teacher = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
    teacher.set_default_timeout(300_000)
    teacher.goto(f"{hub.url}/hub/login")
    teacher.fill("#username_input", "prof-orbits")
    teacher.fill("#password_input", passwords["prof-orbits"])
    teacher.click("#login_submit")
    teacher.wait_for_url(re.compile(r".*/(lab|tree|spawn-pending).*"))
    teacher.goto(f"{hub.url}/services/formgrader-orbits/formgrader/manage_submissions/"
                 f"{ASSIGNMENT}")
    teacher.click("#academy-grade-all")
    teacher.wait_for_function(
        "document.querySelector('#academy-grade-all-status').textContent.includes('Done')")
    assert "student1: 3/8" in teacher.inner_text("#academy-grade-all-log")
    row = teacher.locator("tr", has_text="student1")
    row.first.wait_for()
    teacher.screenshot(path=str(artifacts_dir / "grading-04-formgrader-graded.png"))

    # --- The student fetches the feedback and reads it.
    student.goto(f"{hub.url}/user/student1/lab")
    student.wait_for_selector(".jp-LauncherCard, .jp-DirListing, .jp-Notebook")
    open_assignment_list(student)
    submitted = student.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT)
    submitted.locator("button", has_text="Fetch Feedback").first.click()
    feedback_dir = hub.data_dir / "home" / "student1" / "orbits" / ASSIGNMENT / "feedback"
    deadline = time.monotonic() + 120
    while not list(feedback_dir.glob("*/*.html")) and time.monotonic() < deadline:
        time.sleep(1)
    html_files = list(feedback_dir.glob("*/*.html"))
    assert html_files, "no feedback fetched into the student's home"
    relative = html_files[0].relative_to(hub.data_dir / "home" / "student1")
    student.goto(f"{hub.url}/user/student1/files/{relative}")
    body = student.inner_text("body")
    assert re.search(r"Score:\s*3(\.0)?\s*/\s*10", body), body[:500]
    student.screenshot(path=str(artifacts_dir / "grading-05-feedback.png"))
    # The hub user is the student id the gradebook recorded.
    gradebook = hub.data_dir / "grading" / "orbits" / "gradebook.db"
    with Gradebook(f"sqlite:///{gradebook}", "orbits") as book:
        assert "student1" in [s.id for s in book.students]
        assert book.find_submission(ASSIGNMENT, "student1").score == PART1_POINTS


SUBMIT_FROM_KERNEL = """
import json, subprocess, pathlib
run = lambda *a: subprocess.run(['nbgrader', *a], capture_output=True, text=True)
fetched = run('fetch_assignment', '--course', 'orbits', '{assignment}')
path = pathlib.Path.home() / 'orbits' / '{assignment}' / '{notebook}'
nb = json.loads(path.read_text())
for cell in nb['cells']:
    if cell['metadata'].get('nbgrader', {{}}).get('grade_id') == 'circular_speed':
        cell['source'] = {source!r}
path.write_text(json.dumps(nb))
submitted = run('submit', '--course', 'orbits', '{assignment}')
print(fetched.returncode, submitted.returncode, submitted.stderr[-300:])
"""

FORK_BOMB = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass"
PEEK = ("try:\n    print('GRADEBOOK', open({gradebook!r}, 'rb').read(16))\n"
        "except OSError as error:\n    print('refused:', error)\n")
SNOOP_ENV = ("import glob, os\nprint('ENV', dict(os.environ))\n"
             "for path in glob.glob('/proc/*/environ'):\n"
             "    try:\n        print(path, open(path, 'rb').read())\n"
             "    except OSError as error:\n        print(path, error)\n")


def service_token(service: str) -> str:
    """The hub API token in the environment of the running service process (read as root)."""
    for environ in Path("/proc").glob("*/environ"):
        try:
            variables = dict(item.split(b"=", 1) for item in environ.read_bytes().split(b"\0")
                             if b"=" in item)
        except OSError:
            continue
        if variables.get(b"JUPYTERHUB_SERVICE_NAME") == service.encode():
            return variables[b"JUPYTERHUB_API_TOKEN"].decode()
    raise AssertionError(f"no process of service {service} found")


def test_formgrader_grades_hostile_submissions_safely(formgrader_hub, run_kernel):
    """A fork bomb and a peek at the gradebook, graded from the formgrader beside an honest
    submission: the formgrader stays up, the honest score is right, nothing leaks."""
    hub = formgrader_hub
    wait_for_release(hub, "orbits", ASSIGNMENT)
    gradebook = hub.data_dir / "grading" / "orbits" / "gradebook.db"
    sources = {"honest": PART1_ANSWER, "bomber": FORK_BOMB,
               "peeker": PEEK.format(gradebook=str(gradebook)) + PART1_ANSWER,
               "snooper": SNOOP_ENV + PART1_ANSWER}
    for user, source in sources.items():
        assert hub.api("POST", f"/users/{user}").status_code in (201, 409)
        hub.api("POST", "/groups/students-orbits/users", json={"users": [user]})
        hub.start_server(user)
        out = run_kernel(hub, user, SUBMIT_FROM_KERNEL.format(
            assignment=ASSIGNMENT, notebook=NOTEBOOK, source=source))
        assert out.startswith("0 0"), f"{user}: fetch/submit failed: {out}"
    teacher = hub_session(hub, "prof-orbits")
    base = f"{hub.url}/services/formgrader-orbits/formgrader"
    assert teacher.get(f"{base}/manage_assignments", timeout=120).status_code == 200
    response = teacher.post(f"{base}/api/assignment/{ASSIGNMENT}/autograde", timeout=900,
                            headers={"X-XSRFToken": teacher.cookies.get(
                                "_xsrf", path="/services/formgrader-orbits/") or ""})
    assert response.status_code == 200, response.text[:500]
    result = response.json()
    assert result["success"], result
    # The formgrader survived its fork bomb and still serves.
    assert teacher.get(f"{base}/api/assignments", timeout=120).status_code == 200
    with Gradebook(f"sqlite:///{gradebook}", "orbits") as book:
        scores = {user: book.find_submission(ASSIGNMENT, user).score for user in sources}
    assert scores == {"honest": PART1_POINTS, "bomber": 0.0, "peeker": PART1_POINTS,
                      "snooper": PART1_POINTS}, result
    # The formgrader's own hub token never reaches what the snooping student gets back.
    token = service_token("formgrader-orbits")
    snooped = [path for folder in ("autograded", "feedback")
               for path in (hub.data_dir / "grading" / "orbits" / folder / "snooper").rglob("*")
               if path.is_file()]
    assert snooped and any("/proc/1/environ" in p.read_text(errors="replace") for p in snooped)
    assert not [p for p in snooped if token in p.read_text(errors="replace")]
    autograded = (hub.data_dir / "grading" / "orbits" / "autograded" / "peeker" / ASSIGNMENT
                  / NOTEBOOK).read_text()
    assert "refused:" in autograded and "SQLite format" not in autograded
