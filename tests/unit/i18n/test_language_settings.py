"""Where a user's language is kept and where it goes: the hub store, the hub config, the user
server's environment and JupyterLab's settings, and fonts for every script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from traitlets.config import Config

from academy.hub.configure import update_templates
from academy.hub.language import (
    LAB_LOCALE_CONFIG_DIR,
    LanguageHandler,
    LanguageStore,
    hub_default_language,
    resolve_language,
    server_environment,
    user_language,
)
from foundation.config import PlatformConfig
from foundation.errors import ConfigError
from foundation.i18n import LAB_LOCALES, LANGUAGES
from foundation.paths import PROJECT_ROOT

ACADEMY_LETTERS = {
    "tr": "ÇçĞğİıÖöŞşÜü",
    "az": "ƏəĞğİıÖöŞşÜüÇç",
    "uz": "Oʻoʻ Gʻgʻ Shsh Chch ʼ",
    "tk": "ÄäÇçŇňÖöŞşÜüÝýŽž",
    "kk": "ӘәҒғҚқҢңӨөҰұҮүҺһІі",
    "ky": "ҢңӨөҮү",
    "hu": "ŐőŰűÁáÉéÍíÓóÚú",
}


def test_store_round_trip_and_rejects_unknown_languages(tmp_path):
    store = LanguageStore(tmp_path / "languages.json")
    assert store.get("student1") is None
    assert store.set("student1", "tr_TR") == "tr"
    store.set("student2", "kk")
    assert json.loads((tmp_path / "languages.json").read_text()) == {
        "student1": "tr", "student2": "kk"}
    assert oct((tmp_path / "languages.json").stat().st_mode & 0o777) == "0o600"
    # A second store on the same file (e.g. after a hub restart) sees the same choices.
    assert LanguageStore(tmp_path / "languages.json").get("student2") == "kk"
    with pytest.raises(ConfigError):
        store.set("student1", "xx")
    assert store.get("student1") == "tr"


def test_resolution_order(tmp_path):
    # Browser, then cookie, then the stored choice win in turn.
    assert resolve_language(tmp_path, "en", None, None, None) == "en"
    assert resolve_language(tmp_path, "en", None, None, "hu-HU,hu;q=0.9") == "hu"
    assert resolve_language(tmp_path, "en", None, "ky", "hu-HU") == "ky"
    assert resolve_language(tmp_path, "en", None, "garbage", "tr") == "tr"
    # A logged-in user's first cookie choice is stored, then the store wins over cookies.
    assert resolve_language(tmp_path, "en", "student1", "az", None) == "az"
    assert resolve_language(tmp_path, "en", "student1", "tk", None) == "az"
    assert user_language(tmp_path, "student1") == "az"


def test_default_language_variable(monkeypatch):
    monkeypatch.setenv("ACADEMY_DEFAULT_LANGUAGE", "tr")
    assert hub_default_language() == "tr"
    monkeypatch.setenv("ACADEMY_DEFAULT_LANGUAGE", "fr")
    with pytest.raises(ConfigError, match="ACADEMY_DEFAULT_LANGUAGE"):
        hub_default_language()


def test_server_environment_puts_the_lab_locale_first():
    base = "/opt/academy/jupyter_config"
    env = server_environment("tr", base)
    assert env["ACADEMY_LANGUAGE"] == "tr"
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [
        str(LAB_LOCALE_CONFIG_DIR / "tr_TR"), base]
    assert server_environment("kk", base)["JUPYTER_CONFIG_PATH"].startswith(
        str(LAB_LOCALE_CONFIG_DIR / "ru_RU"))
    assert server_environment("uz", base) == {"ACADEMY_LANGUAGE": "uz",
                                              "JUPYTER_CONFIG_PATH": base}


@pytest.mark.parametrize("locale", sorted(set(LAB_LOCALES.values()) - {"en"}))
def test_each_lab_locale_has_settings_and_an_installed_pack(locale):
    path = LAB_LOCALE_CONFIG_DIR / locale / "labconfig" / "default_setting_overrides.json"
    settings = json.loads(path.read_text())
    assert settings == {"@jupyterlab/translation-extension:plugin": {"locale": locale}}
    packs = {ep.name for ep in entry_points(group="jupyterlab.languagepack")}
    assert locale in packs, f"pip install jupyterlab-language-pack-{locale.replace('_', '-')}"


def test_lab_settings_reach_jupyterlab_server(monkeypatch):
    """jupyterlab_server's own reader sees our defaults through JUPYTER_CONFIG_PATH."""
    from jupyterlab_server.settings_utils import _get_overrides

    env = server_environment("tr", str(PROJECT_ROOT / "academy" / "jupyter_config"))
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", env["JUPYTER_CONFIG_PATH"])
    overrides, error = _get_overrides("/nonexistent")
    assert not error
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "tr_TR"
    fonts = overrides["@jupyterlab/apputils-extension:themes"]["overrides"]
    assert "DejaVu Sans" in fonts["ui-font-family"]


def test_update_templates_installs_the_picker(tmp_path, monkeypatch):
    monkeypatch.delenv("ACADEMY_DEFAULT_LANGUAGE", raising=False)
    platform = PlatformConfig(data_dir=str(tmp_path / "var"),
                              courses_dir=str(PROJECT_ROOT / "courses"))
    from curriculum.courses import load_courses
    courses = load_courses(PROJECT_ROOT / "courses")
    c = Config()
    update_templates(c, platform, courses)
    update_templates(c, platform, courses)  # idempotent: sets, never appends
    [(path, handler, kwargs)] = c.JupyterHub.extra_handlers
    assert path == "/academy/language" and handler is LanguageHandler
    assert kwargs == {"hub_dir": str(platform.hub_dir)}
    template_vars = c.JupyterHub.template_vars
    for name in ("_", "gettext", "ngettext", "academy_language", "academy_request_uri"):
        assert callable(template_vars[name](None)), name
    assert template_vars["academy_languages"] == LANGUAGES
    orbits = next(x for x in template_vars["academy_courses"] if x["id"] == "orbits")
    assert orbits["titles"]["tr"] == "Yörünge Mekaniği"


def test_spawner_change_is_marked():
    """The one i18n change in spawners.py is fenced, so its owner can see it at a glance."""
    text = (PROJECT_ROOT / "academy" / "hub" / "spawners.py").read_text()
    assert text.count("# --- i18n") == 1 and text.count("# --- end i18n") == 1


def test_a_font_renders_every_academy_letter():
    """fonts-dejavu-core (deploy/install.sh) covers every letter the catalogues use."""
    if shutil.which("fc-list") is None:
        pytest.fail("fontconfig's fc-list is missing: install fonts-dejavu-core (pulls it in)")
    letters = {ch for text in ACADEMY_LETTERS.values() for ch in text if ch.strip()}
    charset = " ".join(f"{ord(ch):x}" for ch in sorted(letters))
    families = subprocess.run(["fc-list", f":charset={charset}", "family"], check=True,
                              capture_output=True, text=True).stdout
    assert "DejaVu Sans" in families, f"no installed font covers all of {''.join(sorted(letters))}"


def test_matplotlib_default_font_covers_every_letter():
    """Plots rendered on the server (PNG) use matplotlib's bundled DejaVu Sans."""
    matplotlib = pytest.importorskip("matplotlib")
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(matplotlib.rcParams["font.sans-serif"][0])
    charmap = FT2Font(path).get_charmap()
    missing = {ch for text in ACADEMY_LETTERS.values() for ch in text
               if ch.strip() and ord(ch) not in charmap}
    assert not missing, f"{Path(path).name} lacks {''.join(sorted(missing))}"
