"""A whole semester of the orbits course, end to end, as its users live it (issue 10).

One academy runs the term: the admin opens the course and assigns its staff, 30 students sign
up and are enrolled, the instructor releases the first assignment from the formgrader, students
fetch and submit (correct, partly correct, wrong, late, hostile, one never), the hub is killed
and restarted halfway, the instructor grades from the formgrader, the TA hand-grades the written
answers, students read their feedback, the exported grades equal the expected table exactly, and
an outreach page on another origin embeds a gallery dashboard.

Three students (and the admin, instructor and TA) work in the real browser; the rest through
the same HTTP APIs Lab and the formgrader use. Each step is timed (test-artifacts/
semester-steps.json) and screenshotted; a failure names the step and the user.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import functools
import http.server
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest
import requests

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PROJECT_ROOT = Path(__file__).resolve().parents[3]
COURSE = "orbits"
ASSIGNMENT = "a1-orbital-speed-en"
NOTEBOOK = "a1-orbital-speed.en.ipynb"
INSTRUCTOR, TA, ADMIN = "dr-aliyeva", "ta-nurlan", "admin"
PASSWORD = "Semester-2026-orbit"
STUDENTS = [f"s{number:02d}" for number in range(1, 31)]
BROWSER_STUDENTS = ("s01", "s02", "s03")

ANSWERS = {
    "circular_speed": '''def circular_speed_km_s(altitude_km: float) -> float:
    """Speed (km/s) of a circular orbit at altitude_km above the equatorial radius."""
    return math.sqrt(MU_EARTH_KM3_S2 / (R_EARTH_KM + altitude_km))''',
    "period": '''def period_min(altitude_km: float) -> float:
    """Period (minutes) of a circular orbit at altitude_km."""
    radius_km = R_EARTH_KM + altitude_km
    return 2 * math.pi * math.sqrt(radius_km**3 / MU_EARTH_KM3_S2) / 60.0''',
    "iss_altitude": '''mean_motion_rev_per_day = 15.49496548
n_rad_s = mean_motion_rev_per_day * 2 * math.pi / 86400.0
iss_altitude_km = (MU_EARTH_KM3_S2 / n_rad_s**2) ** (1 / 3) - R_EARTH_KM''',
}
WRONG = {  # metres per second and seconds: the unit mistakes the tests are written to catch
    "circular_speed": ANSWERS["circular_speed"].replace("altitude_km))",
                                                        "altitude_km)) * 1000"),
    "period": ANSWERS["period"].replace(" / 60.0", ""),
}
FORK_BOMB = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass"
ENDLESS = "while True:\n    pass"
WRITTEN = ("A lower orbit has a shorter period, so the chaser brakes, drops into a lower, faster "
           "orbit, gains on the leader, then raises its orbit again.")

# Who does what. Auto points: Part 1 = 3, Part 2 = 3, Part 3 = 2 (8); the written answer is
# hand-graded out of 2. Expected totals are worked out from these, never read from our output.
PLAN: dict[str, dict] = {}
for name in ("s03", *[f"s{n:02d}" for n in range(4, 16)]):
    PLAN[name] = {"kind": "correct", "cells": ANSWERS, "manual": 2, "auto": 8}
for name in ("s01", *[f"s{n:02d}" for n in range(16, 23)]):
    PLAN[name] = {"kind": "partial", "cells": {"circular_speed": ANSWERS["circular_speed"]},
                  "manual": 1, "auto": 3}
for name in ("s02", "s23", "s24", "s25"):
    PLAN[name] = {"kind": "wrong", "cells": WRONG if name != "s02" else {}, "manual": 0,
                  "auto": 0}
for name in ("s26", "s27"):
    PLAN[name] = {"kind": "late", "cells": ANSWERS, "manual": 2, "auto": 8}
PLAN["s28"] = {"kind": "hostile", "cells": {"circular_speed": FORK_BOMB}, "manual": 0, "auto": 0}
PLAN["s29"] = {"kind": "hostile", "cells": {"circular_speed": ENDLESS}, "manual": 0, "auto": 0}
PLAN["s30"] = {"kind": "never", "cells": {}, "manual": 0, "auto": 0}
LATE_PENALTY_PER_DAY = 0.10  # ACADEMY_LATE_PENALTY_PER_DAY default: 10 % per started day


def expected_total(name: str) -> float:
    plan = PLAN[name]
    if plan["kind"] == "never":
        return 0.0
    raw = plan["auto"] + plan["manual"]
    return round(raw * (1 - LATE_PENALTY_PER_DAY), 2) if plan["kind"] == "late" else raw


class Journey:
    """Step bookkeeping: timings, screenshots, and failures that say which step and user."""

    def __init__(self, artifacts: Path) -> None:
        self.artifacts = artifacts
        self.timings: dict[str, float] = {}
        self.page = None
        """The page the journey last looked at: its screenshot is kept if a step fails."""

    @contextlib.contextmanager
    def step(self, name: str, user: str = "") -> Iterator[None]:
        started = time.monotonic()
        try:
            yield
        except BaseException as error:
            if self.page is not None:
                with contextlib.suppress(Exception):
                    self.shot(self.page, "FAILED-" + re.sub(r"\W+", "-", name))
            who = f" (user {user})" if user else ""
            raise AssertionError(f"semester step '{name}'{who} failed: {error}") from error
        finally:
            self.timings[name] = round(time.monotonic() - started, 1)
            (self.artifacts / "semester-steps.json").write_text(json.dumps(self.timings,
                                                                           indent=1))

    def shot(self, page, name: str) -> None:
        self.page = page
        page.screenshot(path=str(self.artifacts / f"semester-{name}.png"))


# --------------------------------------------------------------------------- the academy


@pytest.fixture(scope="module")
def outreach_site() -> Iterator[dict[str, str]]:
    """Another origin (a school's event page) that embeds a gallery dashboard."""
    root = Path(os.environ.get("TMPDIR", "/tmp")) / f"semester-outreach-{os.getpid()}"
    root.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"url": f"http://127.0.0.1:{server.server_address[1]}", "root": str(root)}
    server.shutdown()
    shutil.rmtree(root, ignore_errors=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def term(hub_factory_module, outreach_site):
    """The term's academy: the orbits course with this term's instructor and TA."""
    # Readable by the course's grader account (pytest's tmp_path is 0700 root's).
    courses = Path(tempfile.mkdtemp(prefix="semester-courses-"))
    os.chmod(courses, 0o755)
    shutil.copytree(PROJECT_ROOT / "courses" / COURSE, courses / COURSE)
    toml = courses / COURSE / "course.toml"
    # The admin opens the course for the new term: this term's instructor and TA in
    # course.toml (the one place course staff are declared), checked before the hub starts.
    toml.write_text(re.sub(r'instructors = \[.*\]\ntas = \[.*\]',
                           f'instructors = ["{INSTRUCTOR}"]\ntas = ["{TA}"]', toml.read_text()))
    hub = hub_factory_module(courses_dir=courses, ACADEMY_FORMGRADER_COURSES=COURSE,
                             ACADEMY_KEEP_SERVERS="1", ACADEMY_GRADING_WALL_TIME="40",
                             ACADEMY_EMBED_ORIGINS=outreach_site["url"],
                             ACADEMY_GALLERY_POOL_SIZE="1")
    hub.start()
    yield hub
    shutil.rmtree(courses, ignore_errors=True)


def login_browser(browser, hub, user: str, password: str):
    page = browser.new_context(viewport={"width": 1280, "height": 860}).new_page()
    page.set_default_timeout(180_000)
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", user)
    page.fill("#password_input", password)
    page.click("#login_submit")
    page.wait_for_url(re.compile(r".*/(hub/home|hub/spawn.*|user/.*)"))
    return page


def hub_session(hub, user: str, password: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{hub.url}/hub/login", timeout=60)
    response = session.post(f"{hub.url}/hub/login?next=", timeout=120, data={
        "username": user, "password": password, "_xsrf": session.cookies.get("_xsrf")})
    assert "/hub/login" not in response.url, f"login of {user} refused"
    return session


def signup(hub, user: str) -> None:
    session = requests.Session()
    session.get(f"{hub.url}/hub/signup", timeout=60)
    response = session.post(f"{hub.url}/hub/signup", timeout=60, data={
        "username": user, "signup_password": PASSWORD, "signup_password_confirmation": PASSWORD,
        "_xsrf": session.cookies.get("_xsrf")})
    assert response.status_code == 200 and "sent to the admin" in response.text, \
        response.text[-500:]


def formgrader_api(session: requests.Session, hub, method: str, path: str, **kwargs):
    """A call to the orbits formgrader's REST API as the logged-in staff member."""
    base = f"{hub.url}/services/formgrader-{COURSE}/formgrader"
    if not session.cookies.get("_xsrf", path=f"/services/formgrader-{COURSE}/"):
        session.get(f"{base}/manage_assignments", timeout=120)
    xsrf = session.cookies.get("_xsrf", path=f"/services/formgrader-{COURSE}/") or ""
    response = session.request(method, f"{base}/api/{path}", timeout=900,
                               headers={"X-XSRFToken": xsrf}, **kwargs)
    assert response.status_code == 200, f"{method} {path}: {response.status_code} " \
                                        f"{response.text[:300]}"
    return response.json()


def server_call(hub, user: str, method: str, path: str, **kwargs) -> requests.Response:
    """A request to the user's own server, as Lab makes it (the operator token may)."""
    response = requests.request(method, f"{hub.url}/user/{user}/{path}", timeout=300,
                                headers={"Authorization": f"token {hub.token}"}, **kwargs)
    assert response.status_code in (200, 201), f"{user} {method} {path}: " \
                                               f"{response.status_code} {response.text[:300]}"
    return response


def fetch_edit_submit_by_api(hub, user: str) -> None:
    """Lab's Assignment List calls, the notebook edited through the contents API."""
    server_call(hub, user, "POST", "assignments/fetch",
                data={"course_id": COURSE, "assignment_id": ASSIGNMENT})
    path = f"api/contents/{COURSE}/{ASSIGNMENT}/{NOTEBOOK}"
    model = server_call(hub, user, "GET", path).json()
    for cell in model["content"]["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id in PLAN[user]["cells"]:
            cell["source"] = PLAN[user]["cells"][grade_id]
        if grade_id == "catch_up" and PLAN[user]["manual"]:
            cell["source"] = WRITTEN
    server_call(hub, user, "PUT", path, json={"type": "notebook", "format": "json",
                                                "content": model["content"]})
    result = server_call(hub, user, "POST", "assignments/submit",
                         data={"course_id": COURSE, "assignment_id": ASSIGNMENT}).json()
    assert result.get("success"), f"submit of {user}: {result}"


def open_assignment_list(page) -> None:
    page.click(".lm-MenuBar-itemLabel:text-is('Nbgrader')")
    page.click(".lm-Menu-itemLabel:text-is('Assignment List')")
    page.wait_for_selector("#released_assignments_list")


def close_dialog(page, expected: str) -> None:
    """Wait for nbgrader's result dialog, check it reports success, and close it."""
    dialog = page.locator(".modal-dialog:visible")
    dialog.wait_for()
    assert expected in dialog.inner_text(), dialog.inner_text()[:500]
    dialog.locator(".modal-footer button", has_text="OK").click()
    page.locator(".modal-dialog:visible").wait_for(state="hidden")


def type_into_cell(page, marker: str, text: str) -> None:
    cell = page.locator(".jp-Cell", has_text=marker).first
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)


def hub_process(serve_pid: int) -> psutil.Process:
    for child in psutil.Process(serve_pid).children(recursive=True):
        if "academy.hub.app" in child.cmdline():
            return child
    raise AssertionError("no JupyterHub process under academy serve")


# --------------------------------------------------------------------------- the journey


def test_a_whole_semester(term, browser, artifacts_dir, outreach_site):
    hub = term
    journey = Journey(artifacts_dir)
    admin_password = hub.passwords[ADMIN]

    passwords = hub.passwords
    with journey.step("1 admin opens the course and assigns its staff", ADMIN):
        groups = {role: hub.api("GET", f"/groups/{role}-{COURSE}").json()["users"]
                  for role in ("instructors", "tas")}
        assert groups == {"instructors": [INSTRUCTOR], "tas": [TA]}
        # Last term's (demo) students leave the course; the new term starts empty.
        last_term = hub.api("GET", f"/groups/students-{COURSE}").json()["users"]
        if last_term:
            hub.api("DELETE", f"/groups/students-{COURSE}/users", json={"users": last_term})
        admin = login_browser(browser, hub, ADMIN, admin_password)
        admin.goto(f"{hub.url}/hub/admin")
        admin.wait_for_selector(f"text={INSTRUCTOR}")
        journey.shot(admin, "01-admin-page")

    with journey.step("2 thirty students sign up, are approved and enrolled", ADMIN):
        for name in BROWSER_STUDENTS:
            page = browser.new_context().new_page()
            page.goto(f"{hub.url}/hub/signup")
            page.fill("#username_input", name)
            page.fill("#password_input", PASSWORD)
            page.fill("#password_confirmation_input", PASSWORD)
            page.click("#signup_submit")
            page.wait_for_selector(".alert")
            page.context.close()
        for name in STUDENTS[3:]:
            signup(hub, name)
        admin.goto(f"{hub.url}/hub/authorize")
        for name in BROWSER_STUDENTS:
            admin.locator("tr", has_text=name).get_by_role("button", name="Authorize").click()
            admin.goto(f"{hub.url}/hub/authorize")
        session = hub_session(hub, ADMIN, admin_password)
        for name in STUDENTS[3:]:
            assert session.get(f"{hub.url}/hub/authorize/{name}", timeout=60).ok
        journey.shot(admin, "02-students-authorized")
        assert hub.api("POST", "/users", json={"usernames": STUDENTS}).status_code == 201
        hub.api("POST", f"/groups/students-{COURSE}/users", json={"users": STUDENTS})
        enrolled = hub.api("GET", f"/groups/students-{COURSE}").json()["users"]
        assert sorted(enrolled) == STUDENTS
        for name in (*BROWSER_STUDENTS, STUDENTS[3], STUDENTS[-1]):  # approvals took
            hub_session(hub, name, PASSWORD)

    with journey.step("3 the instructor releases the first assignment", INSTRUCTOR):
        teacher = journey.page = login_browser(browser, hub, INSTRUCTOR, passwords[INSTRUCTOR])
        teacher.goto(f"{hub.url}/services/formgrader-{COURSE}/formgrader/manage_assignments")
        row = teacher.locator("tr", has_text=ASSIGNMENT).first
        row.locator(".assign a").click()  # nbgrader's "Generate"; a dialog shows its log
        close_dialog(teacher, "Successfully created the student version")
        row.locator(".release a").first.click()
        close_dialog(teacher, "Successfully released")
        teacher.locator("tr", has_text=ASSIGNMENT).locator(".status",
                                                           has_text="released").wait_for()
        journey.shot(teacher, "03-released")
        assert (hub.data_dir / "exchange" / COURSE / "outbound" / ASSIGNMENT / NOTEBOOK).exists()
        instructor_api = hub_session(hub, INSTRUCTOR, passwords[INSTRUCTOR])

    api_students = [name for name in STUDENTS if name not in BROWSER_STUDENTS]
    on_time = [n for n in api_students if PLAN[n]["kind"] not in ("late", "never")]
    first_half, second_half = on_time[:len(on_time) // 2], on_time[len(on_time) // 2:]
    with journey.step("4a servers start; half the class submits through Lab's API"):
        for name in STUDENTS:
            if PLAN[name]["kind"] != "never":
                hub.api("POST", f"/users/{name}/server")
        for name in STUDENTS:
            if PLAN[name]["kind"] != "never":
                hub.start_server(name, timeout_s=600)
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(functools.partial(fetch_edit_submit_by_api, hub), first_half))

    with journey.step("5 the hub is killed and restarted mid-term"):
        inbound = hub.data_dir / "exchange" / COURSE / "inbound"
        before = sorted(p.name for p in inbound.iterdir())
        hub_process(hub.process.pid).send_signal(signal.SIGKILL)
        hub.process.wait(timeout=120)
        hub.process = None
        hub.start()
        assert sorted(p.name for p in inbound.iterdir()) == before, "submissions were lost"
        assert sorted(hub.api("GET", f"/groups/students-{COURSE}").json()["users"]) == STUDENTS
        for name in ("s04", "s16"):
            assert hub.api("GET", f"/users/{name}").json()["servers"], f"{name} lost a server"

    with journey.step("4b the rest of the class submits, three in the browser"):
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(functools.partial(fetch_edit_submit_by_api, hub), second_half))
        for name in BROWSER_STUDENTS:
            with journey.step(f"4b browser submission of {name}", name):
                page = journey.page = login_browser(browser, hub, name, PASSWORD)
                page.wait_for_selector(".jp-LauncherCard, .jp-DirListing")
                open_assignment_list(page)
                page.locator("#released_assignments_list .list_item", has_text=ASSIGNMENT) \
                    .locator("button", has_text="Fetch").click()
                page.locator("#fetched_assignments_list .list_item",
                             has_text=ASSIGNMENT).first.wait_for()
                page.goto(f"{hub.url}/user/{name}/lab/tree/{COURSE}/{ASSIGNMENT}/{NOTEBOOK}")
                page.locator(".jp-CodeCell", has_text="def circular_speed_km_s").first.wait_for()
                markers = {"circular_speed": "def circular_speed_km_s", "period": "def period_min",
                           "iss_altitude": "mean_motion_rev_per_day ="}
                for grade_id, text in PLAN[name]["cells"].items():
                    type_into_cell(page, markers[grade_id], text)
                if PLAN[name]["manual"]:
                    cell = page.locator(".jp-MarkdownCell", has_text="YOUR ANSWER HERE").first
                    cell.dblclick()
                    page.keyboard.press("Control+a")
                    page.keyboard.insert_text(WRITTEN)
                page.keyboard.press("Control+s")
                page.wait_for_timeout(1500)
                journey.shot(page, f"04-{name}-edited")
                open_assignment_list(page)
                page.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT) \
                    .locator("button", has_text="Submit").first.click()
                page.locator("#submitted_assignments_list .list_item",
                             has_text=ASSIGNMENT).first.wait_for()
                journey.shot(page, f"04-{name}-submitted")
                page.context.close()

    with journey.step("4c the due date passes; the late students submit", INSTRUCTOR):
        # Whole seconds, rounded up: truncating could put the due date a fraction of a second
        # before the last on-time submission (the first run of this journey did exactly that).
        due = (datetime.datetime.now(datetime.UTC).replace(microsecond=0)
               + datetime.timedelta(seconds=1))
        formgrader_api(instructor_api, hub, "PUT", f"assignment/{ASSIGNMENT}",
                       json={"duedate_notimezone": due.strftime("%Y-%m-%d %H:%M:%S"),
                             "duedate_timezone": "UTC"})
        while datetime.datetime.now(datetime.UTC) <= due + datetime.timedelta(seconds=1):
            time.sleep(0.2)
        for name in STUDENTS:
            if PLAN[name]["kind"] == "late":
                fetch_edit_submit_by_api(hub, name)

    with journey.step("6a the instructor grades the class from the formgrader", INSTRUCTOR):
        teacher.goto(f"{hub.url}/services/formgrader-{COURSE}/formgrader/manage_submissions/"
                     f"{ASSIGNMENT}")
        teacher.set_default_timeout(900_000)
        teacher.click("#academy-grade-all")
        teacher.wait_for_function("document.querySelector('#academy-grade-all-status')"
                                  ".textContent.includes('Done')")
        log = teacher.inner_text("#academy-grade-all-log")
        journey.shot(teacher, "06-graded")
        for name, plan in PLAN.items():
            if plan["kind"] != "never":
                assert f"{name}: {plan['auto']:g}/8" in log, f"{name}: {log}"

    with journey.step("6b the TA hand-grades the written answers", TA):
        ta = journey.page = login_browser(browser, hub, TA, passwords[TA])
        ta_api = hub_session(hub, TA, passwords[TA])
        submissions = formgrader_api(ta_api, hub, "GET",
                                     f"submitted_notebooks/{ASSIGNMENT}/a1-orbital-speed.en")
        by_student = {item["student"]: item for item in submissions}
        first = by_student["s03"]
        ta.goto(f"{hub.url}/services/formgrader-{COURSE}/formgrader/submissions/{first['id']}/")
        score_box = ta.locator("input.score#catch_up")
        ta.wait_for_load_state("networkidle")  # the page's grade models are loaded
        score_box.fill("2")
        score_box.press("Tab")  # the formgrader saves a score when its box loses focus
        journey.shot(ta, "06-ta-hand-graded")
        for name, plan in PLAN.items():
            if plan["kind"] == "never" or name == "s03":
                continue
            grades = formgrader_api(ta_api, hub, "GET",
                                    f"grades?submission_id={by_student[name]['id']}")
            written = next(g for g in grades if g["name"] == "catch_up")
            written["manual_score"] = plan["manual"]
            formgrader_api(ta_api, hub, "PUT", f"grade/{written['id']}", json=written)
        deadline = time.monotonic() + 60
        while True:
            grades = formgrader_api(ta_api, hub, "GET", f"grades?submission_id={first['id']}")
            saved = next(g for g in grades if g["name"] == "catch_up")["manual_score"]
            if saved == 2 or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert saved == 2, "the score typed in the formgrader was not saved"
        for action in ("generate_feedback", "release_feedback"):
            result = formgrader_api(instructor_api, hub, "POST",
                                    f"assignment/{ASSIGNMENT}/{action}")
            assert result["success"], result

    with journey.step("7 students read their feedback"):
        for name in BROWSER_STUDENTS:
            with journey.step(f"7 feedback of {name}", name):
                page = journey.page = login_browser(browser, hub, name, PASSWORD)
                page.wait_for_selector(".jp-LauncherCard, .jp-DirListing, .jp-Notebook")
                open_assignment_list(page)
                page.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT) \
                    .locator("button", has_text="Fetch Feedback").first.click()
                home = hub.data_dir / "home" / name
                deadline = time.monotonic() + 120
                while not list(home.glob(f"{COURSE}/{ASSIGNMENT}/feedback/*/*.html")):
                    assert time.monotonic() < deadline, "no feedback fetched"
                    time.sleep(1)
                html = next(home.glob(f"{COURSE}/{ASSIGNMENT}/feedback/*/*.html"))
                page.goto(f"{hub.url}/user/{name}/files/{html.relative_to(home)}")
                raw = PLAN[name]["auto"] + PLAN[name]["manual"]
                body = page.inner_text("body")
                assert re.search(rf"Score:\s*{raw:g}(\.0)?\s*/\s*10", body), body[:400]
                journey.shot(page, f"07-{name}-feedback")
                page.context.close()

    with journey.step("8 the instructor exports grades", INSTRUCTOR):
        out = hub.data_dir / "grading" / COURSE / "exports"
        grader = f"{hub.unix_prefix}grader-{COURSE}"
        env_vars = [f"{k}={v}" for k, v in hub.env.items() if k.startswith("ACADEMY_")]
        result = subprocess.run(
            ["runuser", "-u", grader, "--", "env", *env_vars,
             str(PROJECT_ROOT / ".venv" / "bin" / "academy"), "export-grades",
             str(hub.data_dir / "grading" / COURSE), ASSIGNMENT, "--output", str(out)],
            capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr
        with (out / "totals.csv").open(newline="") as handle:
            table = list(csv.reader(handle))
        expected = [["student_id", ASSIGNMENT, "total", "max_total", "percent"]]
        for name in STUDENTS:
            total = expected_total(name)
            text = f"{total:.2f}".rstrip("0").rstrip(".")
            expected.append([name, text, text, "10", f"{total * 10:.2f}".rstrip("0").rstrip(".")])
        assert table == expected

    with journey.step("9 an outreach page on another origin embeds a dashboard", "visitor"):
        (Path(outreach_site["root"]) / "event.html").write_text(
            '<!DOCTYPE html><html><body><h1>CanSat day</h1><iframe id="dash" '
            f'src="{hub.url}/services/gallery/voila/render/fire_the_thruster.ipynb?lang=en" '
            'width="1000" height="700"></iframe></body></html>')
        visitor = browser.new_context(viewport={"width": 1100, "height": 800}).new_page()
        visitor.set_default_timeout(180_000)
        visitor.goto(f"{outreach_site['url']}/event.html")
        frame = visitor.frame_locator("#dash")
        frame.locator(".academy-component .js-plotly-plot").wait_for()
        frame.locator(".academy-fire").click()
        frame.locator(".academy-game-result").wait_for()
        journey.shot(visitor, "09-outreach-embed")
