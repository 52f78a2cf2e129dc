"""The dashboards the gallery shows: notebook, title, description and thumbnail of each.

Titles and descriptions are marked with ``N_`` so ``make i18n-extract`` collects them; pages
translate them when they render. The order here is the order on the index page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

THUMBNAILS_DIR = Path(__file__).with_name("thumbnails")


def N_(message: str) -> str:  # noqa: N802 - the gettext "mark for extraction" convention
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Dashboard:
    """One notebook of ``dashboards/`` as the index page presents it."""

    slug: str
    title: str
    description: str

    @property
    def notebook(self) -> str:
        return f"{self.slug}.ipynb"

    def thumbnail_svg(self) -> str:
        """The dashboard's picture as inline SVG (no extra request, no external host)."""
        return (THUMBNAILS_DIR / f"{self.slug}.svg").read_text(encoding="utf-8").strip()


DASHBOARDS: tuple[Dashboard, ...] = (
    Dashboard("where_are_they_now", N_("Where are they now?"),
              N_("The International Space Station and CubeSats on a world map, over the ground "
                 "stations of the member states, with the next passes over your city.")),
    Dashboard("cubesat_telemetry", N_("CubeSat telemetry"),
              N_("Real frames from LightSail-2 replayed as a live feed: battery, temperatures "
                 "and attitude, with limits in colour and in words.")),
    Dashboard("design_your_cubesat", N_("Design your 12U CubeSat"),
              N_("Balance mass, power and radio link of your own CubeSat, then share the "
                 "design as a link.")),
    Dashboard("fire_the_thruster", N_("Fire the thruster"),
              N_("The rocket equation as a game: reach the target orbit before the propellant "
                 "runs out.")),
    Dashboard("cansat_mission_replay", N_("CanSat mission replay"),
              N_("A real CanSat competition flight, packet by packet, including the moment the "
                 "radio link was lost.")),
)


def dashboard_by_notebook(notebook: str) -> Dashboard | None:
    """The dashboard served from ``notebook`` (a path relative to the dashboards folder)."""
    for dashboard in DASHBOARDS:
        if dashboard.notebook == notebook:
            return dashboard
    return None
