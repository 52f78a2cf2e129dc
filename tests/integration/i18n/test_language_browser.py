"""A student switches language in a real browser: hub pages, JupyterLab, then Cyrillic.

Runs against the shared academy (``hub`` fixture) as ``student2`` and puts everything back
(language English, server stopped) afterwards, so other tests see the defaults.
"""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

USER = "student2"


def choose_language(page, code: str) -> None:
    """Use the navbar picker (its change event submits the form) and wait for the new page."""
    with page.expect_navigation():
        page.select_option("#academy-language-select", code)
    page.wait_for_load_state()


@pytest.fixture
def student(browser, hub):
    hub.stop_server(USER)
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{hub.url}/hub/login?next=%2Fhub%2Fhome")
    page.fill("#username_input", USER)
    page.fill("#password_input", hub.passwords[USER])
    page.click("#login_submit")
    page.wait_for_url(re.compile(r".*/hub/home$"))
    yield page
    page.goto(f"{hub.url}/hub/home")
    choose_language(page, "en")
    context.close()
    hub.stop_server(USER)


def test_turkish_hub_and_lab_then_kazakh(student, hub, artifacts_dir):
    page = student
    # 1. The hub home, in Turkish after choosing it in the picker.
    choose_language(page, "tr")
    assert page.inner_text("#academy-courses h2") == "Derslerim"
    title = page.locator(".academy-course[data-course='orbits'] .academy-course-title")
    assert title.inner_text() == "Yörünge Mekaniği"
    assert page.locator(".academy-course-role").first.inner_text() == "Öğrenci"
    assert page.get_attribute("html", "lang") == "tr"
    page.screenshot(path=str(artifacts_dir / "i18n-01-home-tr.png"), full_page=True)

    # The choice is the user's, kept on the hub: a new browser (no cookie) sees it too.
    fresh = page.context.browser.new_context()
    other = fresh.new_page()
    other.goto(f"{hub.url}/hub/login?next=%2Fhub%2Fhome")
    other.fill("#username_input", USER)
    other.fill("#password_input", hub.passwords[USER])
    other.click("#login_submit")
    other.wait_for_url(re.compile(r".*/hub/home$"))
    assert other.inner_text("#academy-courses h2") == "Derslerim"
    fresh.close()

    # 2. JupyterLab in Turkish: the server starts with the Turkish language pack as default.
    hub.start_server(USER)
    page.goto(f"{hub.url}/user/{USER}/lab")
    menu = page.locator("#jp-MainMenu .lm-MenuBar-itemLabel").first
    menu.wait_for()
    page.wait_for_function(
        "() => document.querySelector('#jp-MainMenu .lm-MenuBar-itemLabel')"
        "?.textContent === 'Dosya'", timeout=60_000)
    labels = page.locator("#jp-MainMenu .lm-MenuBar-itemLabel").all_inner_texts()
    assert labels[0] == "Dosya" and "Düzenle" in labels, labels
    # The rest of the academy's server config still applies (lessons in the file browser).
    page.wait_for_selector(".jp-DirListing-itemName:has-text('courses')")
    page.screenshot(path=str(artifacts_dir / "i18n-02-lab-tr.png"))

    # 3. Kazakh: Cyrillic on the hub home, drawn with a real font (non-zero width).
    page.goto(f"{hub.url}/hub/home")
    choose_language(page, "kk")
    heading = page.locator("#academy-courses h2")
    assert heading.inner_text() == "Менің курстарым"
    assert page.locator(".academy-course-role").first.inner_text() == "Студент"
    assert "Ғарыш академиясы" in page.inner_text("#academy-logo")
    box = heading.bounding_box()
    assert box is not None and box["width"] > 50
    assert page.evaluate("document.fonts.check('16px sans-serif', 'әғқңөұүһі')")
    page.screenshot(path=str(artifacts_dir / "i18n-03-home-kk.png"), full_page=True)

    # 4. Lab after a restart in Kazakh: no Kazakh pack exists, so Russian (foundation/i18n.py).
    hub.stop_server(USER)
    hub.start_server(USER)
    page.goto(f"{hub.url}/user/{USER}/lab")
    page.wait_for_function(
        "() => document.querySelector('#jp-MainMenu .lm-MenuBar-itemLabel')"
        "?.textContent === 'Файл'", timeout=60_000)
    page.screenshot(path=str(artifacts_dir / "i18n-04-lab-kk-ru.png"))


def test_picker_rejects_unknown_language_and_missing_xsrf(student, hub):
    page = student
    token = page.get_attribute("#academy-language-form input[name=_xsrf]", "value")
    bad = page.request.post(f"{hub.url}/hub/academy/language",
                            form={"lang": "xx", "_xsrf": token}, max_redirects=0)
    assert bad.status == 400
    forged = page.request.post(f"{hub.url}/hub/academy/language", form={"lang": "tr"},
                               max_redirects=0)
    assert forged.status == 403
    state = page.request.get(f"{hub.url}/hub/academy/language").json()
    assert state["language"] in (None, "en")


def test_login_page_follows_the_picker_before_login(page, hub, artifacts_dir):
    page.goto(f"{hub.url}/hub/login")
    choose_language(page, "az")
    assert page.inner_text(".auth-form-header").strip() == "Daxil ol"
    assert page.get_attribute("#login_submit", "value") == "Daxil ol"
    page.screenshot(path=str(artifacts_dir / "i18n-05-login-az.png"))
