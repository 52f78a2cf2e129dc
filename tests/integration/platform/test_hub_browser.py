"""The academy in a real browser: sign up, approval, login to Lab, clear login errors."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def login(page, hub, username: str, password: str) -> None:
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", username)
    page.fill("#password_input", password)
    page.click("#login_submit")


def test_signup_approval_login_lab(hub, browser, artifacts_dir):
    student_context = browser.new_context(viewport={"width": 1280, "height": 800})
    student = student_context.new_page()
    student.set_default_timeout(30_000)
    # 1. A new student signs up.
    student.goto(f"{hub.url}/hub/signup")
    student.fill("#username_input", "aigerim")
    student.fill("#password_input", "Kepler-1619-ellipse")
    student.fill("#password_confirmation_input", "Kepler-1619-ellipse")
    student.click("#signup_submit")
    student.wait_for_selector(".alert")
    assert "sent to the admin" in student.inner_text(".alert")
    student.screenshot(path=str(artifacts_dir / "platform-01-signup.png"))

    # 2. Before approval, login is refused.
    login(student, hub, "aigerim", "Kepler-1619-ellipse")
    student.wait_for_selector(".alert, #login_error, p.login_error")
    assert "/hub/login" in student.url

    # 3. The admin approves the account on the Authorize Users page.
    admin_context = browser.new_context(viewport={"width": 1280, "height": 800})
    admin = admin_context.new_page()
    admin.set_default_timeout(60_000)
    login(admin, hub, "admin", hub.passwords["admin"])
    admin.wait_for_url(re.compile(r".*/(hub|user)/.*"))
    admin.goto(f"{hub.url}/hub/authorize")
    row = admin.locator("tr", has_text="aigerim")
    row.get_by_role("button", name="Authorize").click()
    admin.wait_for_load_state()
    admin.goto(f"{hub.url}/hub/authorize")
    assert admin.locator("tr", has_text="aigerim").get_by_role(
        "button", name="Unauthorize").count() == 1
    admin.screenshot(path=str(artifacts_dir / "platform-02-admin-authorized.png"))
    admin_context.close()

    # 4. The admin enrols her in the orbits course (the admin page's Users and Groups, here by
    # API): the hub account exists from her first login on, or once the admin adds it.
    assert hub.api("POST", "/users/aigerim").status_code == 201
    response = hub.api("POST", "/groups/students-orbits/users", json={"users": ["aigerim"]})
    assert response.status_code == 200, response.text

    # 5. She logs in and lands in JupyterLab with the orbits lessons and nothing else.
    login(student, hub, "aigerim", "Kepler-1619-ellipse")
    student.wait_for_url(re.compile(r".*/user/aigerim/lab.*"), timeout=120_000)
    student.wait_for_selector(".jp-DirListing-item[title*='courses'], "
                              ".jp-DirListing-itemName:has-text('courses')")
    student.dblclick(".jp-DirListing-itemName:has-text('courses')")
    student.wait_for_selector(".jp-DirListing-itemName:has-text('orbits')")
    names = student.locator(".jp-DirListing-itemName").all_inner_texts()
    assert names == ["orbits"]
    student.dblclick(".jp-DirListing-itemName:has-text('orbits')")
    student.dblclick(".jp-DirListing-itemName:has-text('lessons')")
    student.wait_for_selector(".jp-DirListing-itemName:has-text('00-welcome.ipynb')")
    student.screenshot(path=str(artifacts_dir / "platform-03-lab-courses.png"))

    # 6. The hub home page lists her course and her role in it.
    student.goto(f"{hub.url}/hub/home")
    course = student.locator(".academy-course[data-course='orbits']")
    assert "Orbital Mechanics" in course.inner_text()
    assert course.locator(".academy-course-role").inner_text() == "Student"
    assert student.locator(".academy-course").count() == 1
    assert "Space Academy" in student.inner_text("#academy-logo")
    student.screenshot(path=str(artifacts_dir / "platform-04-home.png"), full_page=True)
    student_context.close()


def test_wrong_password_gets_a_clear_message(page, hub, artifacts_dir):
    login(page, hub, "student3", "not-the-password")
    message = page.locator("p.login_error, .login_error, .alert-danger").first
    message.wait_for()
    assert "Invalid username or password" in message.inner_text()
    assert "/hub/login" in page.url
    page.screenshot(path=str(artifacts_dir / "platform-05-wrong-password.png"))


def test_instructor_home_shows_taught_course(page, hub, artifacts_dir):
    login(page, hub, "prof-orbits", hub.passwords["prof-orbits"])
    page.wait_for_url(re.compile(r".*/user/prof-orbits/.*"), timeout=120_000)
    page.goto(f"{hub.url}/hub/home")
    course = page.locator(".academy-course[data-course='orbits']")
    assert course.locator(".academy-course-role").inner_text() == "Instructor"
    assert page.locator(".academy-course").count() == 1
    page.screenshot(path=str(artifacts_dir / "platform-06-instructor-home.png"), full_page=True)
