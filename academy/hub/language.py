"""Each user's language on the hub: remembered, shown in the hub pages, passed to their server.

How a hub page finds its language, per request, without patching JupyterHub:

1. JupyterHub renders every page with ``static_url`` in the template namespace, a method bound
   to the request handler. :func:`page_language` (a Jinja ``pass_context`` function installed
   through ``c.JupyterHub.template_vars``) reaches the handler through it and reads the request.
2. A logged-in user's stored choice wins (:class:`LanguageStore`, ``<hub dir>/languages.json``,
   written by :class:`LanguageHandler` when they use the picker), so the choice follows them to
   every browser and into their server. Before their first choice, the ``academy_lang`` cookie
   (set by the picker, also on the login page) is used and stored; then the browser's
   ``Accept-Language``; then the academy's default language.
3. Templates call ``_("...")`` and ``ngettext(...)``: functions that look up the page's language
   in the one academy catalogue (:mod:`foundation.i18n`). ``pybabel extract`` finds those calls
   in the templates with Jinja's own Babel extractor (``babel.cfg``).

The picker posts to ``/hub/academy/language``, a handler registered through
``c.JupyterHub.extra_handlers`` (still supported in JupyterHub 5.5, which logs a deprecation
notice at start; a hub-managed service would need its own process and OAuth for one form).
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
import threading
from pathlib import Path

from jinja2 import pass_context
from jupyterhub.handlers.base import BaseHandler
from jupyterhub.utils import url_path_join
from markupsafe import Markup, escape
from tornado import web

from foundation.config.environment import env_str
from foundation.errors import ConfigError
from foundation.i18n import (
    LAB_LOCALES,
    LANGUAGE_ENV,
    LANGUAGES,
    SOURCE_LANGUAGE,
    TEMPLATE_FILE,
    check_language,
    negotiate_language,
    read_catalogue,
    translator,
)
from foundation.paths import JUPYTER_CONFIG_DIR

COOKIE_NAME = "academy_lang"
COOKIE_MAX_AGE_DAYS = 365
STORE_FILE_NAME = "languages.json"
HANDLER_PATH = r"/academy/language"
LAB_LOCALE_CONFIG_DIR: Path = JUPYTER_CONFIG_DIR / "lab-locales"
"""One Jupyter config dir per Lab locale, each holding only ``labconfig/
default_setting_overrides.json`` that sets the Lab language. The spawner puts the user's dir first
on ``JUPYTER_CONFIG_PATH``: it changes the *default* of the setting, so a language the student
picks in Lab's own Settings menu still wins, and nothing is written into their home."""


def N_(message: str) -> str:  # noqa: N802  (the gettext convention for "mark, don't translate")
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


NATIVEAUTHENTICATOR_MESSAGES = (
    N_("Invalid username or password."),
    N_("Invalid username or password"),
    N_("Your information has been sent to the admin."),
    N_("Your password did not match the confirmation. Please try again."),
    N_("Your password has been changed successfully!"),
    N_("Your current password was incorrect. Please try again."),
    N_("Your new password didn't match the confirmation. Please try again."),
)
"""Fixed messages NativeAuthenticator 1.3 shows in our templates (``{{ _(login_error) }}``):
listed here so they are extracted and translated; any other message stays English."""


class LanguageStore:
    """``{user name: language}`` in one JSON file in the hub's private directory.

    Small and rarely written (one write per picker use), so the whole file is rewritten
    atomically each time; reads are cached until the file changes.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._cache: dict[str, str] = {}
        self._mtime_ns: int | None = None

    def _read(self) -> dict[str, str]:
        try:
            mtime_ns = self.path.stat().st_mtime_ns
        except FileNotFoundError:
            return {}
        if mtime_ns != self._mtime_ns:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise ConfigError(str(self.path), "<file>", f"not a JSON object: {error}") from None
            self._cache = {str(k): str(v) for k, v in data.items() if v in LANGUAGES}
            self._mtime_ns = mtime_ns
        return self._cache

    def get(self, username: str) -> str | None:
        """The language ``username`` chose, or None before their first choice."""
        with self._lock:
            return self._read().get(username)

    def set(self, username: str, language: str) -> str:
        """Remember ``language`` (checked) for ``username``; returns the language code."""
        code = check_language(language)
        with self._lock:
            data = dict(self._read())
            if data.get(username) == code:
                return code
            data[username] = code
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".languages-")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1, sort_keys=True)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
            self._mtime_ns = None
        return code


_stores: dict[Path, LanguageStore] = {}
_stores_lock = threading.Lock()


def language_store(hub_dir: Path | str) -> LanguageStore:
    """The one store of a hub directory (shared by the handler, templates and spawner)."""
    path = Path(hub_dir) / STORE_FILE_NAME
    with _stores_lock:
        if path not in _stores:
            _stores[path] = LanguageStore(path)
        return _stores[path]


def hub_default_language() -> str:
    """``ACADEMY_DEFAULT_LANGUAGE`` (default ``en``): for users who have not chosen one."""
    value = env_str("ACADEMY_DEFAULT_LANGUAGE", SOURCE_LANGUAGE)
    try:
        return check_language(value)
    except ConfigError:
        raise ConfigError("ACADEMY_DEFAULT_LANGUAGE", value,
                          f"must be one of {', '.join(LANGUAGES)}") from None


def user_language(hub_dir: Path | str, username: str, default: str | None = None) -> str:
    """The stored language of ``username``, else ``default`` (else the hub's default)."""
    return language_store(hub_dir).get(username) or default or hub_default_language()


# --- The user's server ---------------------------------------------------------------------------


def lab_locale_config_dir(language: str) -> Path | None:
    """The Jupyter config dir that sets Lab to ``language``'s pack, or None for English."""
    locale = LAB_LOCALES.get(check_language(language), "en")
    if locale == "en":
        return None
    return LAB_LOCALE_CONFIG_DIR / locale


def server_environment(language: str, jupyter_config_path: str) -> dict[str, str]:
    """The variables a user server needs for ``language``: ``ACADEMY_LANGUAGE`` for widgets and
    lessons, and the Lab locale's config dir in front of ``jupyter_config_path``."""
    code = check_language(language)
    env = {LANGUAGE_ENV: code, "JUPYTER_CONFIG_PATH": jupyter_config_path}
    lab_dir = lab_locale_config_dir(code)
    if lab_dir is not None:
        env["JUPYTER_CONFIG_PATH"] = os.pathsep.join([str(lab_dir), jupyter_config_path])
    return env


# --- Hub templates -------------------------------------------------------------------------------


@functools.cache
def known_messages() -> frozenset[str]:
    """The msgids of the extracted catalogue (``academy.pot``): text the academy wrote."""
    if not TEMPLATE_FILE.is_file():
        return frozenset()
    ids = (message.id for message in read_catalogue(TEMPLATE_FILE) if message.id)
    return frozenset(i[0] if isinstance(i, tuple) else i for i in ids)


def _handler(context):
    """The tornado handler rendering this page (``static_url`` is its bound method)."""
    return getattr(context.get("static_url"), "__self__", None)


def resolve_language(hub_dir: Path, default: str, username: str | None,
                     cookie: str | None, accept_language: str | None) -> str:
    """Stored choice, else cookie (then stored for the user), else browser, else default."""
    store = language_store(hub_dir)
    if username:
        stored = store.get(username)
        if stored:
            return stored
    if cookie:
        try:
            code = check_language(cookie)
        except ConfigError:
            code = None
        if code:
            if username:
                store.set(username, code)
            return code
    return negotiate_language(accept_language, default)


def template_functions(hub_dir: Path, default: str = SOURCE_LANGUAGE) -> dict:
    """``c.JupyterHub.template_vars`` entries giving templates ``_``, ``gettext``,
    ``ngettext``, ``academy_language()``, ``academy_languages`` and ``academy_request_uri()``.

    JupyterHub calls a callable template var with the current user; each of these returns the
    Jinja function itself, which finds the request through the template context.
    """
    hub_dir = Path(hub_dir)
    default = check_language(default)

    @pass_context
    def academy_language(context) -> str:
        cached = context.get("_academy_lang_cache")
        if isinstance(cached, list) and cached:
            return cached[0]
        handler = _handler(context)
        user = context.get("user")
        cookie = accept = None
        if handler is not None:
            cookie = handler.get_cookie(COOKIE_NAME)
            accept = handler.request.headers.get("Accept-Language")
        code = resolve_language(hub_dir, default, getattr(user, "name", None), cookie, accept)
        if isinstance(cached, list):
            cached.append(code)
        return code

    def _format(context, msgid: str, text: str, variables: dict) -> str:
        # Catalogue text may hold markup (<strong>); text that is not in the catalogue (a
        # message with a user name in it) is escaped like any other value, as are variables.
        if context.eval_ctx.autoescape:
            text = Markup(text) if msgid in known_messages() else escape(text)
        if variables:
            return text % {key: escape(value) if context.eval_ctx.autoescape else value
                           for key, value in variables.items()}
        return text

    @pass_context
    def gettext(context, message: str, **variables) -> str:
        """The message in the page's language; ``%(name)s`` fields filled from keywords."""
        if not message:  # e.g. {{ _(login_error) }} on a page without an error
            return ""
        return _format(context, message,
                       translator(academy_language(context)).gettext(message), variables)

    @pass_context
    def ngettext(context, singular: str, plural: str, count: int, **variables) -> str:
        variables.setdefault("num", count)
        text = translator(academy_language(context)).ngettext(singular, plural, count)
        return _format(context, singular, text, variables)

    @pass_context
    def academy_request_uri(context) -> str:
        handler = _handler(context)
        return handler.request.uri if handler is not None else ""

    def constant(value):
        return lambda user: value

    return {
        "_": constant(gettext),
        "gettext": constant(gettext),
        "ngettext": constant(ngettext),
        "academy_language": constant(academy_language),
        "academy_request_uri": constant(academy_request_uri),
        "academy_languages": LANGUAGES,
        "academy_lang_cookie": COOKIE_NAME,
        "_academy_lang_cache": lambda user: [],   # a fresh list per page: resolve once
    }


# --- The picker's handler ------------------------------------------------------------------------


class LanguageHandler(BaseHandler):
    """``POST /hub/academy/language`` (form: ``lang``, ``next``, ``_xsrf``) from the picker.

    Sets the ``academy_lang`` cookie for everyone (so the login page follows it too), stores the
    choice for a logged-in user, and goes back to ``next`` (validated by JupyterHub, so it
    cannot point off the hub). An unknown language is a 400, not a silent English page.
    """

    def initialize(self, hub_dir: str) -> None:
        self.hub_dir = Path(hub_dir)

    async def post(self) -> None:
        try:
            code = check_language(self.get_body_argument("lang", ""))
        except ConfigError as error:
            raise web.HTTPError(400, str(error)) from None
        self.set_cookie(COOKIE_NAME, code, path=self.base_url,
                        expires_days=COOKIE_MAX_AGE_DAYS, samesite="Lax",
                        secure=self.request.protocol == "https")
        user = self.current_user
        if user is not None:
            language_store(self.hub_dir).set(user.name, code)
            self.log.info("Language of %s is now %s", user.name, code)
        self.redirect(self.get_next_url(user, default=url_path_join(self.hub.base_url, "home")))

    async def get(self) -> None:
        """The current user's language as JSON (for scripts and tests)."""
        user = self.current_user
        stored = language_store(self.hub_dir).get(user.name) if user is not None else None
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"language": stored, "languages": LANGUAGES}))


def language_handlers(hub_dir: Path) -> list[tuple]:
    """``c.JupyterHub.extra_handlers`` entries for the picker."""
    return [(HANDLER_PATH, LanguageHandler, {"hub_dir": str(hub_dir)})]
