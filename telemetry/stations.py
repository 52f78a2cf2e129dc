"""Ground stations: the capitals of the first member states as presets, plus user sites.

Preset coordinates are city-centre values from each city's English Wikipedia infobox (which
cites GeoNames / national sources), rounded to 0.0001 deg; elevations are the infobox values.
They are teaching sites, not surveyed antenna positions: 1 km of position error shifts a rise
time by well under a second for a LEO satellite, far below what a lesson needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from telemetry.earth_frames import geodetic_to_itrf
from telemetry.errors import StationError


@dataclass(frozen=True)
class GroundStation:
    """A site on the WGS84 ellipsoid. Build with :func:`make_station` to get validation."""

    name: str
    latitude_deg: float
    longitude_deg: float
    altitude_m: float = 0.0
    country: str = ""

    def __post_init__(self) -> None:
        checks = (
            ("latitude_deg", self.latitude_deg, -90.0, 90.0),
            ("longitude_deg", self.longitude_deg, -180.0, 180.0),
            # Dead Sea shore to above Everest: anything outside is a units mistake (m vs km).
            ("altitude_m", self.altitude_m, -500.0, 9000.0),
        )
        for field, value, low, high in checks:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise StationError(self.name, field, value, "must be a number")
            if not math.isfinite(value) or not low <= value <= high:
                raise StationError(self.name, field, value, f"must be between {low} and {high}")
        if not self.name.strip():
            raise StationError(self.name, "name", self.name, "must not be empty")

    @property
    def position_itrf_km(self) -> np.ndarray:
        """Earth-fixed Cartesian position of the site (km)."""
        return geodetic_to_itrf(self.latitude_deg, self.longitude_deg, self.altitude_m / 1000.0)


def make_station(name: str, latitude_deg: float, longitude_deg: float,
                 altitude_m: float = 0.0) -> GroundStation:
    """A user-defined station; :class:`StationError` names the bad coordinate."""
    return GroundStation(name, latitude_deg, longitude_deg, altitude_m)


PRESET_STATIONS: dict[str, GroundStation] = {
    station.name: station
    for station in (
        GroundStation("Ankara", 39.9334, 32.8597, 938.0, "Türkiye"),
        GroundStation("Astana", 51.1694, 71.4491, 347.0, "Kazakhstan"),
        GroundStation("Tashkent", 41.2995, 69.2401, 455.0, "Uzbekistan"),
        GroundStation("Baku", 40.4093, 49.8671, -28.0, "Azerbaijan"),
        GroundStation("Bishkek", 42.8746, 74.5698, 800.0, "Kyrgyzstan"),
        GroundStation("Budapest", 47.4979, 19.0402, 96.0, "Hungary"),
        GroundStation("Ashgabat", 37.9601, 58.3261, 219.0, "Turkmenistan"),
    )
}
"""Capitals of the Organization of Turkic States members and observers used in lessons."""


def preset_station(name: str) -> GroundStation:
    """A preset by name (case-insensitive); KeyError listing the presets otherwise."""
    for key, station in PRESET_STATIONS.items():
        if key.lower() == name.strip().lower():
            return station
    raise KeyError(f"no preset station {name!r}; presets are {', '.join(PRESET_STATIONS)}")
