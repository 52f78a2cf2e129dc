"""A "share this design" link under the CubeSat designer, and rebuilding a shared design.

The designer widget (:class:`widgets.cubesat_designer.CubeSatDesigner`) owns the controls; this
view reads their values into a ``?design=`` link (:mod:`gallery.design_link`) after every change
and, when a visitor opens such a link, sets the controls back before the first draw.
"""

from __future__ import annotations

import html

import ipywidgets as ipw

from foundation.i18n import translator
from gallery.design_link import DesignLinkError, decode_design, encode_design
from widgets.cubesat_designer import CubeSatDesigner

SHARE_CLASS = "academy-share-link"


def designer_controls(designer: CubeSatDesigner) -> dict[str, ipw.ValueWidget]:
    """The designer's inputs by a stable short name (the keys of a design link)."""
    controls: dict[str, ipw.ValueWidget] = {
        "form": designer.form_factor, "altitude": designer.altitude,
        "panel": designer.panel_area, "efficiency": designer.efficiency,
        "load": designer.load, "battery": designer.battery, "band": designer.band,
        "station": designer.station, "elevation": designer.elevation,
    }
    for name, control in designer.mass_inputs.items():
        controls[f"mass:{name}"] = control
    return controls


def _allowed(controls: dict[str, ipw.ValueWidget]) -> dict[str, tuple[str, ...] | None]:
    allowed: dict[str, tuple[str, ...] | None] = {}
    for name, control in controls.items():
        options = getattr(control, "options", None)
        allowed[name] = None if options is None else tuple(
            option[1] if isinstance(option, tuple) else option for option in options)
    return allowed


class DesignShare(ipw.VBox):
    """The share link (kept up to date) and the message when a shared link was broken."""

    def __init__(self, designer: CubeSatDesigner, language: str,
                 query: dict[str, list[str]], lang_param: str) -> None:
        super().__init__()
        self._ = translator(language).gettext
        self.designer = designer
        self.controls = designer_controls(designer)
        self.lang_param = lang_param
        self.link = ipw.HTML()
        self.notice = ipw.HTML()
        self.children = [self.notice, self.link]
        shared = (query.get("design") or [""])[-1]
        if shared:
            self.apply(shared)
        for control in self.controls.values():
            control.observe(lambda _change: self.refresh_link(), names="value")
        self.refresh_link()

    def values(self) -> dict[str, float | str]:
        return {name: control.value for name, control in self.controls.items()}

    def apply(self, token: str) -> None:
        """Set the controls from a shared link; a broken link leaves the defaults and says so."""
        try:
            design = decode_design(token, _allowed(self.controls))
        except DesignLinkError as error:
            text = self._("This design link is damaged, so the default design is shown: "
                          "{detail}").format(detail=error.reason)
            self.notice.value = f'<div role="alert">{html.escape(text)}</div>'
            return
        with self.designer.hold_trait_notifications():
            for name, value in design.items():
                self.controls[name].value = value
        self.designer.update()

    def refresh_link(self) -> None:
        token = encode_design(self.values())
        href = f"?lang={self.lang_param}&design={token}"
        label = self._("Share this design (link)")
        self.link.value = (f'<p><a class="{SHARE_CLASS}" href="{html.escape(href)}" '
                           f'target="_blank" rel="noopener">'
                           f"{html.escape(label)}</a></p>")
