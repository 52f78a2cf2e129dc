"""anywidget's model-loading timer is found and lengthened, and nothing else is touched."""

from __future__ import annotations

import logging

from widgets.anywidget_timeout import (
    LOAD_TIMEOUT_MS,
    anywidget_static_dir,
    chunk_handlers,
    patch_chunk,
    patched_chunks,
)

TIMER = '''AbortSignal.timeout(2000).addEventListener("abort", function() {
            resolvers.reject(new Error("[anywidget] Failed to initialize model."));
        });'''


def test_the_model_timer_is_lengthened_and_other_timeouts_are_not():
    source = f"var a = AbortSignal.timeout(2000);\n{TIMER}\nvar b = 1;"
    patched = patch_chunk(source)
    assert f'AbortSignal.timeout({LOAD_TIMEOUT_MS}).addEventListener("abort"' in patched
    assert patched.startswith("var a = AbortSignal.timeout(2000);")  # an unrelated timer
    assert patched.endswith("var b = 1;")


def test_a_chunk_without_the_timer_is_not_replaced():
    assert patch_chunk("console.log('no timer here')") is None


def test_the_installed_anywidget_has_a_chunk_with_the_timer():
    """If an anywidget upgrade renames or removes the timer, this says so (and the wait is
    anywidget's own again)."""
    assert anywidget_static_dir() is not None
    chunks = patched_chunks()
    assert chunks, "anywidget's front end no longer has the 2 s model-loading timer"
    for content in chunks.values():
        assert b"AbortSignal.timeout(2000)" not in content
    [(pattern, _handler, kwargs)] = chunk_handlers("/voila/labextensions/")
    assert pattern.startswith("/voila/labextensions/anywidget/static/(")
    assert kwargs["chunks"] is chunks


def test_a_directory_without_the_timer_is_left_alone_with_a_warning(tmp_path, caplog):
    (tmp_path / "main.js").write_text("console.log('a future anywidget')")
    with caplog.at_level(logging.WARNING, logger="widgets.anywidget_timeout"):
        assert patched_chunks(tmp_path) == {}
    assert "model-loading timer" in caplog.text
