"""The hub's templates rendered as JupyterHub renders them, in each language, without a hub.

The Jinja environment is built like ``JupyterHub.init_tornado_settings`` builds it (autoescape,
``templates/`` prefix for JupyterHub's own pages, then the academy's and NativeAuthenticator's
folders); the request handler is replaced by a stand-in with a cookie jar and headers, which is
all :mod:`academy.hub.language` reads from it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nativeauthenticator
import pytest
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader
from traitlets.config import Config

from academy.hub.configure import update_templates
from academy.hub.language import COOKIE_NAME, language_store
from curriculum.courses import load_courses
from foundation.config import PlatformConfig
from foundation.paths import PROJECT_ROOT, TEMPLATES_DIR

HUB_TEMPLATES = Path(sys.prefix) / "share" / "jupyterhub" / "templates"
NATIVE_TEMPLATES = Path(nativeauthenticator.__file__).parent / "templates"


@dataclass
class Request:
    headers: dict = field(default_factory=dict)
    uri: str = "/hub/home"


@dataclass
class Handler:
    """What the templates reach through ``static_url.__self__``."""

    cookies: dict = field(default_factory=dict)
    request: Request = field(default_factory=Request)

    def get_cookie(self, name: str, default=None):
        return self.cookies.get(name, default)

    def static_url(self, path: str, **kwargs) -> str:
        return f"/hub/static/{path}"


@dataclass
class Group:
    name: str


@dataclass
class Spawner:
    options_form: str = ""
    active: bool = False


@dataclass
class User:
    name: str
    groups: list
    admin: bool = False
    spawner: Spawner = field(default_factory=Spawner)

    def all_spawners(self, include_default=True):
        return []


@pytest.fixture(scope="module")
def env() -> Environment:
    loader = ChoiceLoader([
        PrefixLoader({"templates": FileSystemLoader([str(HUB_TEMPLATES)])}, "/"),
        FileSystemLoader([str(TEMPLATES_DIR), str(NATIVE_TEMPLATES), str(HUB_TEMPLATES)]),
    ])
    return Environment(loader=loader, autoescape=True)


@pytest.fixture
def render(env, tmp_path):
    # The template values exactly as the hub configuration makes them.
    platform = PlatformConfig(data_dir=str(tmp_path / "var"), spawner="simple",
                              courses_dir=str(PROJECT_ROOT / "courses"))
    platform.hub_dir.mkdir(parents=True)
    config = Config()
    update_templates(config, platform, load_courses(PROJECT_ROOT / "courses"))
    template_vars = config.JupyterHub.template_vars

    def render_page(name: str, user: User | None = None, handler: Handler | None = None,
                    **ns) -> str:
        handler = handler or Handler()
        namespace = dict(base_url="/hub/", prefix="/", user=user, login_url="/hub/login",
                         logout_url="/hub/logout", static_url=handler.static_url,
                         version_hash="", services=[], parsed_scopes={}, xsrf="XSRF",
                         xsrf_token="XSRF", default_server=Spawner(), url="/hub/spawn",
                         allow_named_servers=False)
        for key, value in template_vars.items():
            namespace[key] = value(user) if callable(value) else value
        namespace.update(ns)
        return env.get_template(name).render(**namespace)

    render_page.hub_dir = platform.hub_dir
    return render_page


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_login_page_follows_the_cookie(render):
    page = render("native-login.html", handler=Handler(cookies={COOKIE_NAME: "tr"}))
    text = visible_text(page)
    assert "Giriş Yap" in text and "Kullanıcı adı:" in text and "Parola:" in text
    assert 'value="Giriş Yap"' in page        # the submit button
    assert 'id="login_submit"' in page and 'id="username_input"' in page
    assert '<option value="tr" lang="tr" selected>Türkçe</option>' in re.sub(r"\s+", " ", page)
    assert '<meta name="academy-language" content="tr">' in page


def test_browser_language_is_used_before_any_choice(render):
    handler = Handler(request=Request(headers={"Accept-Language": "kk-KZ,kk;q=0.9,ru;q=0.8"}))
    text = visible_text(render("native-login.html", handler=handler))
    assert "Кіру" in text and "Құпиясөз:" in text


def test_default_is_english(render):
    text = visible_text(render("native-login.html"))
    assert "Sign In" in text and "Space Academy" in text


def test_home_in_the_users_stored_language(render):
    student = User("student1", [Group("students-orbits")])
    language_store(render.hub_dir).set("student1", "tr")
    # The stored choice wins over a stale cookie from another session.
    page = render("home.html", user=student, handler=Handler(cookies={COOKIE_NAME: "en"}))
    text = visible_text(page)
    assert "Derslerim" in text and "Öğrenci" in text
    assert "Yörünge Mekaniği" in text          # the course title from course.toml
    assert "Sunucumu Başlat" in text and "Uzay Akademisi" in text


def test_home_in_kazakh_shows_the_kazakh_course_title(render):
    student = User("student2", [Group("students-orbits")])
    language_store(render.hub_dir).set("student2", "kk")
    text = visible_text(render("home.html", user=student))
    assert "Менің курстарым" in text and "Студент" in text
    assert "Орбиталық механика" in text          # course.toml's [title] kk


def test_home_in_hungarian_falls_back_to_english_course_titles(render):
    student = User("student2", [Group("students-orbits")])
    language_store(render.hub_dir).set("student2", "hu")
    text = visible_text(render("home.html", user=student))
    assert "Orbital Mechanics" in text          # course.toml has no Hungarian title


def test_first_choice_on_the_login_page_is_remembered_for_the_user(render):
    student = User("student3", [])
    render("home.html", user=student, handler=Handler(cookies={COOKIE_NAME: "uz"}))
    assert language_store(render.hub_dir).get("student3") == "uz"
    text = visible_text(render("home.html", user=student))
    assert "Mening kurslarim" in text


def test_messages_from_the_authenticator_are_escaped_and_translated(render):
    evil = "User <img src=x onerror=alert(1)> has not been authorized by an administrator yet."
    page = render("native-login.html", login_error=evil)
    assert "<img src=x" not in page and "&lt;img src=x" in page
    page = render("native-login.html", handler=Handler(cookies={COOKIE_NAME: "az"}),
                  login_error="Invalid username or password.")
    assert "İstifadəçi adı və ya şifrə yanlışdır." in page


def test_signup_rules_keep_their_markup_and_count(render):
    page = render("signup.html", handler=Handler(cookies={COOKIE_NAME: "ky"}))
    text = visible_text(page)
    assert "<code>-</code>" in page and "<code>_</code>" in page
    assert "кеминде 10 белги" in text
    assert 'value="Каттоо эсебин түзүү"' in page


def test_picker_lists_every_language_in_its_own_name(render):
    page = render("native-login.html")
    for code, name in (("kk", "Қазақша"), ("uz", "Oʻzbekcha"), ("az", "Azərbaycanca"),
                       ("ky", "Кыргызча"), ("hu", "Magyar"), ("tk", "Türkmençe")):
        assert f'<option value="{code}" lang="{code}" >{name}</option>' in page
    assert 'action="/hub/academy/language"' in page and 'name="_xsrf" value="XSRF"' in page


def test_spawn_pending_and_change_password_pages(render):
    student = User("student4", [])
    language_store(render.hub_dir).set("student4", "ky")
    page = render("spawn_pending.html", user=student, progress_url="/hub/api/progress")
    assert "Сервериңиз иштетилип жатат." in visible_text(page)
    assert 'id="progress-bar"' in page and "EventSource" in page   # JupyterHub's script kept
    page = render("change-password.html", user=student, user_name="student4",
                  result_message="Your new password didn't match the confirmation. "
                                 "Please try again.", alert="alert-danger")
    text = visible_text(page)
    assert "student4 үчүн сырсөздү өзгөртүү" in text
    assert "Жаңы сырсөз ырастоо менен дал келген жок." in text


def test_home_lesson_index_groups_lessons_by_language(render):
    """The lesson index lists each course's lessons per language, titles from course.toml."""
    student = User("student1", [Group("students-orbits")])
    language_store(render.hub_dir).set("student1", "tr")
    page = render("home.html", user=student)
    text = visible_text(page)
    assert "Ders dizini" in text
    for language in ("en", "tr", "kk", "uz", "az", "ky"):
        assert f'data-language="{language}"' in page
    assert "Қазақша" in text and "Türkçe" in text
