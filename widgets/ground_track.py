"""GroundTrack: satellites on an offline world map with the terminator, stations and footprints.

Positions come from :func:`telemetry.propagate.propagate_geodetic` (one vectorised SGP4 call for
all satellites and times); the terminator and footprints from :mod:`spacecraft.sky`. The map is
a plain lon/lat ``Scatter`` plot over the shipped Natural Earth outline, so it draws offline.
``refresh(now)`` redraws for a new instant; the "Live" play control calls it on a timer that runs
in the browser (works in Voilà without threads), reading time from an injectable clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import ipywidgets as ipw
import numpy as np

from spacecraft.sky import coverage_circle_deg, coverage_half_angle_deg, night_polygon_deg
from telemetry.elements import ElementSet
from telemetry.propagate import propagate_geodetic
from telemetry.stations import GroundStation
from widgets.clocks import ReplayClock, UtcClock, wall_clock
from widgets.component import EXPECTED_INPUT_ERRORS, Component, publish_figure_state
from widgets.formatting import format_utc
from widgets.world_map import map_figure

TRACE_NIGHT, TRACE_TRACKS, TRACE_FOOTPRINTS, TRACE_SATELLITES, TRACE_STATIONS = 1, 2, 3, 4, 5
TRACK_STEP_S = 60.0  # one point a minute: a LEO moves ~4 deg, smooth enough for a world map


def _wire(values: np.ndarray) -> np.ndarray:
    """Degrees as float32 for the browser: half the bytes of float64, and 1e-5 deg (~1 m) is
    far below a pixel of a world map."""
    return np.asarray(values, dtype=np.float32)


class GroundTrack(Component):
    """Where satellites are over the Earth now, where they go, and what they can see."""

    def __init__(self, elements: Sequence[ElementSet], stations: Sequence[GroundStation] = (),
                 now: datetime | None = None, language: str | None = None,
                 clock: UtcClock | None = None, track_minutes: int = 90,
                 min_elevation_deg: float = 10.0, live_interval_ms: int = 2000) -> None:
        super().__init__(language)
        _ = self._
        if not elements:
            raise ValueError("GroundTrack needs at least one ElementSet")
        self.elements = tuple(elements)
        self.stations = tuple(stations)
        # Given a start instant, "live" runs on from it in real time (a lesson about a
        # snapshot stays in the snapshot's epoch); without one, live means the wall clock.
        self.clock: UtcClock = clock or (ReplayClock(now) if now else wall_clock)
        self.base_time = now or self.clock()
        style = {"description_width": "12em"}
        self.time_offset = ipw.IntSlider(value=0, min=-720, max=720, step=5,
                                         description=_("Time offset (min)"), style=style,
                                         continuous_update=False)
        self.track_minutes = ipw.IntSlider(value=track_minutes, min=0, max=300, step=10,
                                           description=_("Track length (min)"), style=style,
                                           continuous_update=False)
        self.show_footprints = ipw.Checkbox(value=len(self.elements) <= 12,
                                            description=_("Show coverage footprints"))
        self.min_elevation = ipw.FloatSlider(value=min_elevation_deg, min=0, max=60, step=5,
                                             description=_("Minimum elevation (deg)"),
                                             style=style, continuous_update=False)
        self.live = ipw.Play(value=0, min=0, max=10**9, interval=live_interval_ms,
                             description=_("Live"))
        self.live_label = ipw.Label(_("Live updates"))
        self.time_label = ipw.HTML()
        self.figure = map_figure(_("Ground track"), _("Longitude (deg)"), _("Latitude (deg)"))
        self._add_traces()
        self.shown_time: datetime | None = None
        self.positions: tuple[np.ndarray, np.ndarray] | None = None

        for control in (self.time_offset, self.track_minutes, self.show_footprints,
                        self.min_elevation):
            control.observe(lambda _change: self.redraw(), names="value")
        self.live.observe(self._on_tick, names="value")
        self.children = [
            ipw.HTML(f"<h3>{_('Ground track')}</h3>"),
            ipw.HBox([ipw.VBox([self.time_offset, self.track_minutes, self.min_elevation]),
                      ipw.VBox([self.show_footprints, ipw.HBox([self.live_label, self.live]),
                                self.time_label])]),
            self.message, self.figure,
        ]
        self.redraw()
        publish_figure_state(self.figure)

    def _add_traces(self) -> None:
        _ = self._
        self.figure.add_scatter(x=[], y=[], mode="lines", fill="toself", name=_("Night"),
                                fillcolor="rgba(20,30,60,0.25)", line={"width": 0},
                                hoverinfo="skip")
        self.figure.add_scatter(x=[], y=[], mode="lines", name=_("Ground track"),
                                line={"color": "#1f77b4", "width": 1}, hoverinfo="skip")
        self.figure.add_scatter(x=[], y=[], mode="lines", name=_("Coverage footprint"),
                                line={"color": "#2ca02c", "width": 1, "dash": "dot"},
                                hoverinfo="skip")
        self.figure.add_scatter(x=[], y=[], text=[e.name for e in self.elements],
                                mode="markers", name=_("Satellite"),
                                marker={"size": 7, "color": "#d62728", "symbol": "diamond"},
                                hovertemplate="%{text}<br>%{y:.1f}°, %{x:.1f}°<extra></extra>")
        self.figure.add_scatter(
            x=[s.longitude_deg for s in self.stations], y=[s.latitude_deg for s in self.stations],
            text=[s.name for s in self.stations], mode="markers+text", textposition="top center",
            name=_("Ground station"),
            marker={"size": 9, "color": "#000000", "symbol": "triangle-up"})

    def refresh(self, now: datetime) -> None:
        """Show the satellites at ``now`` (plus the time-offset slider)."""
        self.base_time = now
        self.redraw()

    def _on_tick(self, _change: dict) -> None:
        self.refresh(self.clock())

    def redraw(self) -> None:
        """Recompute positions, tracks, footprints and terminator; update traces in place."""
        when = self.base_time + timedelta(minutes=self.time_offset.value)
        try:
            self._draw(when)
        except EXPECTED_INPUT_ERRORS as error:
            self.show_error(error)
            return
        self.clear_error()
        self.shown_time = when
        self.time_label.value = self._("Shown time: {time}").format(time=format_utc(when))

    def _draw(self, when: datetime) -> None:
        n_track = int(self.track_minutes.value * 60 / TRACK_STEP_S) + 1
        times = [when + timedelta(seconds=i * TRACK_STEP_S) for i in range(n_track)]
        track = propagate_geodetic(self.elements, times)
        lat, lon = track.latitude_deg, track.longitude_deg  # (n_satellites, n_times)
        track_lon, track_lat = self._tracks_with_breaks(lon, lat)
        night_lon, night_lat = night_polygon_deg(when)
        foot_lon, foot_lat = self._footprints(lat[:, 0], lon[:, 0], track.altitude_km[:, 0])
        self.positions = (lat[:, 0], lon[:, 0])
        # Only x/y change; names, styles and the outline were sent once with the figure.
        with self.figure.batch_update():
            self.figure.data[TRACE_NIGHT].update(x=_wire(night_lon), y=_wire(night_lat))
            self.figure.data[TRACE_TRACKS].update(x=_wire(track_lon), y=_wire(track_lat))
            self.figure.data[TRACE_FOOTPRINTS].update(x=_wire(foot_lon), y=_wire(foot_lat))
            self.figure.data[TRACE_SATELLITES].update(x=_wire(lon[:, 0]), y=_wire(lat[:, 0]))

    @staticmethod
    def _tracks_with_breaks(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """All tracks as one NaN-separated line, broken where a track crosses the date line.

        Vectorised (one scatter into a NaN-filled array) because a per-satellite loop of
        ``np.insert`` cost ~10 ms per control change for 100 satellites.
        """
        n_satellites, n_times = lon.shape
        if n_times < 2:
            return np.array([]), np.array([])
        jumps = np.abs(np.diff(lon, axis=1)) > 180.0  # NaN compares False: no break, as before
        shift = np.zeros(lon.shape, dtype=int)
        shift[:, 1:] = np.cumsum(jumps, axis=1)  # breaks inserted before each point
        row_length = n_times + shift[:, -1] + 1  # points, breaks, the NaN ending the track
        row_start = np.concatenate(([0], np.cumsum(row_length)[:-1]))
        where = row_start[:, None] + np.arange(n_times)[None, :] + shift
        out_lon = np.full(int(row_length.sum()), np.nan)
        out_lat = np.full(int(row_length.sum()), np.nan)
        out_lon[where], out_lat[where] = lon, lat
        return out_lon, out_lat

    def _footprints(self, lat: np.ndarray, lon: np.ndarray,
                    altitude_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not self.show_footprints.value:
            return np.array([]), np.array([])
        pieces_lon, pieces_lat = [], []
        for sat_lat, sat_lon, alt in zip(lat, lon, altitude_km, strict=True):
            if not np.isfinite(alt) or alt <= 0:
                continue  # decayed or failed SGP4 sample: no footprint to draw
            half_angle = coverage_half_angle_deg(float(alt), self.min_elevation.value)
            circle_lon, circle_lat = coverage_circle_deg(float(sat_lat), float(sat_lon),
                                                         half_angle)
            pieces_lon.extend([circle_lon, [np.nan]])
            pieces_lat.extend([circle_lat, [np.nan]])
        if not pieces_lon:
            return np.array([]), np.array([])
        return np.concatenate(pieces_lon), np.concatenate(pieces_lat)
