"""Putting a server extension's routes ahead of the ones already registered."""

from __future__ import annotations

from tornado import web


def add_handlers_first(webapp: web.Application, handlers: list[tuple]) -> None:
    """Register ``handlers`` (patterns below the server's base URL) ahead of every rule there.

    Tornado tries host rules in order and ``add_handlers`` appends before its final catch-all,
    so the new rule is moved to the front: otherwise an existing, broader route (nbgrader's
    autograde, JupyterLab's labextension files) would match first.
    """
    if not handlers:
        return
    base_url = webapp.settings["base_url"]
    rewritten = [(base_url.rstrip("/") + pattern, *rest) for pattern, *rest in handlers]
    webapp.add_handlers(".*$", rewritten)
    rules = webapp.default_router.rules
    rules.insert(0, rules.pop(-2))
