"""A page script that closes a race in ipywidgets' front end: "model not found" for a model
that has arrived.

Voilà renders a page's widget outputs as soon as its app starts, before the kernel's widgets
are restored, and ipywidgets' ``get_model`` (``@jupyter-widgets/base-manager`` 8.1) then polls
for the model every 100 ms for 2 s. Its loop tests the clock before looking again, so when the
widgets arrive (and the restore finishes) during the last sleep, which a busy main thread
stretches, it throws although the model is there. The renderer, seeing the restore finished,
shows "Error displaying widget: model not found" for good. On the 2-core test machine that
happened in about half the runs of the gallery's browser tests (the whole page blank but for
the message).

The script wraps that one method of the page's widget manager: when the original gives up, it
takes the last look the loop skipped and returns the model if it is there; otherwise the error
stands (a model that really does not exist is still reported, and a restore still in progress
still makes the renderer try again when it ends).

It must be in place before the first output is rendered, which is before Voilà publishes its
app as ``window.jupyterapp``. The one earlier hook is the app's constructor, which assigns
``this._widgetManager = null``: a setter for that name on ``Object.prototype`` catches the
first assignment, turns the property into an own accessor of that object, and wraps each
manager assigned to it from then on. Every other object is unaffected (reading the name
anywhere else gives ``undefined``, as before).
"""

from __future__ import annotations

PATCH_JS = """(function academyWidgetModelLastLook() {
  var KEY = "_widgetManager";
  if (Object.getOwnPropertyDescriptor(Object.prototype, KEY)) { return; }
  function withLastLook(manager) {
    if (!manager || typeof manager.get_model !== "function" || manager.__academyLastLook) {
      return manager;
    }
    manager.__academyLastLook = true;
    var original = manager.get_model.bind(manager);
    manager.get_model = function (modelId) {
      return original(modelId).catch(function (error) {
        var arrived = manager._models && manager._models[modelId];
        if (arrived !== undefined) { return arrived; }
        throw error;
      });
    };
    return manager;
  }
  Object.defineProperty(Object.prototype, KEY, {
    configurable: true,
    get: function () { return undefined; },
    set: function (value) {
      var current = withLastLook(value);
      Object.defineProperty(this, KEY, {
        configurable: true, enumerable: true,
        get: function () { return current; },
        set: function (next) { current = withLastLook(next); }
      });
    }
  });
})();"""
"""The script's JavaScript, also given to Playwright (``add_init_script``) by the tests and
benchmarks that open plain Voilà pages, where the same race stalls a page now and then."""

PATCH_SCRIPT = f"<script>\n{PATCH_JS}\n</script>"
"""Goes first in the page's ``<head>``, before any of Voilà's scripts run."""
