"""Pass prediction: when a satellite rises, culminates and sets for a ground station.

Method: sample the elevation on a coarse grid (``step_s``, 20 s by default: a LEO pass above the
horizon lasts minutes, so only passes that peak within ~20 s of rising can be missed, and those
never reach a useful elevation), then refine every horizon crossing by bisection and every
culmination by golden-section search, all crossings of a window at once in numpy. Refinement
stops at ``tolerance_s`` (0.01 s by default), well below Skyfield's ``find_events`` precision,
against which the tests compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sgp4.api import SatrecArray

from telemetry.earth_frames import teme_to_itrf
from telemetry.elements import ElementSet
from telemetry.look_angles import LookAngles, look_angles
from telemetry.stations import GroundStation
from telemetry.timegrid import as_datetime64, julian_date_split, time_grid, to_datetime

_GOLDEN = (np.sqrt(5.0) - 1.0) / 2.0


@dataclass(frozen=True)
class PassPrediction:
    """One pass. ``rise``/``set`` are None when the window starts/ends with the satellite up."""

    satellite: str
    norad_id: int
    station: str
    rise: datetime | None
    rise_azimuth_deg: float | None
    culmination: datetime
    max_elevation_deg: float
    culmination_azimuth_deg: float
    set: datetime | None
    set_azimuth_deg: float | None

    @property
    def duration_s(self) -> float | None:
        if self.rise is None or self.set is None:
            return None
        return (self.set - self.rise).total_seconds()


class _Sampler:
    """Look angles of one satellite from one station at arbitrary instants (datetime64[us])."""

    def __init__(self, element: ElementSet, station: GroundStation) -> None:
        self.array = SatrecArray([element.to_satrec()])
        self.station = station

    def __call__(self, times: np.ndarray) -> LookAngles:
        jd, fr = julian_date_split(times)
        _, position, _ = self.array.sgp4(jd, fr)
        itrf, _ = teme_to_itrf(position[0], None, jd, fr)
        return look_angles(itrf, self.station)


def _to_us(times: np.ndarray) -> np.ndarray:
    return times.astype("datetime64[us]").astype(np.int64).astype(np.float64)


def _from_us(values: np.ndarray) -> np.ndarray:
    return np.round(values).astype(np.int64).astype("datetime64[us]")


def _bisect_crossings(sample: _Sampler, low_us: np.ndarray, high_us: np.ndarray,
                      threshold_deg: float, tolerance_s: float) -> np.ndarray:
    """Instants where elevation crosses ``threshold_deg`` inside each [low, high] bracket."""
    low_above = sample(_from_us(low_us)).elevation_deg > threshold_deg
    while np.any(high_us - low_us > tolerance_s * 1e6):
        mid = (low_us + high_us) / 2.0
        mid_above = sample(_from_us(mid)).elevation_deg > threshold_deg
        same = mid_above == low_above
        low_us = np.where(same, mid, low_us)
        high_us = np.where(same, high_us, mid)
    return (low_us + high_us) / 2.0


def _golden_maxima(sample: _Sampler, low_us: np.ndarray, high_us: np.ndarray,
                   tolerance_s: float) -> np.ndarray:
    """Instants of maximum elevation inside each bracket (elevation is unimodal there)."""
    a, b = low_us.copy(), high_us.copy()
    c = b - _GOLDEN * (b - a)
    d = a + _GOLDEN * (b - a)
    fc = sample(_from_us(c)).elevation_deg
    fd = sample(_from_us(d)).elevation_deg
    while np.any(b - a > tolerance_s * 1e6):
        left = fc > fd
        b = np.where(left, d, b)
        a = np.where(left, a, c)
        new_c = b - _GOLDEN * (b - a)
        new_d = a + _GOLDEN * (b - a)
        # Re-evaluate both probes: simpler than bookkeeping, and still only a few dozen rounds.
        c, d = new_c, new_d
        fc = sample(_from_us(c)).elevation_deg
        fd = sample(_from_us(d)).elevation_deg
    return (a + b) / 2.0


def predict_passes(element: ElementSet, station: GroundStation, start: datetime,
                   duration_s: float, *, min_elevation_deg: float = 0.0, step_s: float = 20.0,
                   tolerance_s: float = 0.01) -> list[PassPrediction]:
    """Passes of one satellite over one station within [start, start + duration_s]."""
    sample = _Sampler(element, station)
    grid = time_grid(start, duration_s, step_s)
    elevation = sample(grid).elevation_deg
    above = elevation > min_elevation_deg
    grid_us = _to_us(grid)

    change = np.nonzero(above[1:] != above[:-1])[0]
    crossings_us = np.array([])
    if change.size:
        crossings_us = _bisect_crossings(sample, grid_us[change], grid_us[change + 1],
                                         min_elevation_deg, tolerance_s)
    rising = above[change + 1]

    interior = np.nonzero((elevation[1:-1] >= elevation[:-2]) & (elevation[1:-1] > elevation[2:])
                          & above[1:-1])[0] + 1
    peaks_us = np.array([])
    if interior.size:
        peaks_us = _golden_maxima(sample, grid_us[interior - 1], grid_us[interior + 1],
                                  tolerance_s)
    # A pass cut by the window edge still has a highest point: the edge sample itself.
    edge_peaks = [i for i in (0, len(grid) - 1) if above[i] and (
        (i == 0 and len(grid) > 1 and elevation[0] >= elevation[1])
        or (i == len(grid) - 1 and len(grid) > 1 and elevation[-1] >= elevation[-2]))]
    peaks_us = np.concatenate([peaks_us, grid_us[edge_peaks]])

    events: list[tuple[float, str]] = [(float(t), "rise" if r else "set")
                                       for t, r in zip(crossings_us, rising, strict=True)]
    events += [(float(t), "peak") for t in peaks_us]
    events.sort()

    passes: list[PassPrediction] = []
    current: dict[str, float | None] = {"rise": None, "peak": None}
    started = bool(above[0])

    def close(set_us: float | None) -> None:
        peak = current["peak"]
        if peak is None:
            return
        times = [t for t in (current["rise"], peak, set_us) if t is not None]
        angles = sample(_from_us(np.array(times)))
        rise_az = float(angles.azimuth_deg[0]) if current["rise"] is not None else None
        peak_idx = 1 if current["rise"] is not None else 0
        set_az = float(angles.azimuth_deg[-1]) if set_us is not None else None
        passes.append(PassPrediction(
            satellite=element.name, norad_id=element.norad_id, station=station.name,
            rise=to_datetime(_from_us(np.array([current["rise"]]))[0])
            if current["rise"] is not None else None,
            rise_azimuth_deg=rise_az,
            culmination=to_datetime(_from_us(np.array([peak]))[0]),
            max_elevation_deg=float(angles.elevation_deg[peak_idx]),
            culmination_azimuth_deg=float(angles.azimuth_deg[peak_idx]),
            set=to_datetime(_from_us(np.array([set_us]))[0]) if set_us is not None else None,
            set_azimuth_deg=set_az,
        ))

    for t, kind in events:
        if kind == "rise":
            current = {"rise": t, "peak": None}
            started = True
        elif kind == "peak" and started:
            best = current["peak"]
            if best is None or sample(_from_us(np.array([t]))).elevation_deg[0] > \
                    sample(_from_us(np.array([best]))).elevation_deg[0]:
                current["peak"] = t
        elif kind == "set":
            close(t)
            current = {"rise": None, "peak": None}
            started = False
    if started:
        close(None)
    return passes


def passes_over_presets(element: ElementSet, stations: list[GroundStation], start: datetime,
                        duration_s: float, **options: float) -> dict[str, list[PassPrediction]]:
    """Passes over several stations (one entry per station name)."""
    return {s.name: predict_passes(element, s, start, duration_s, **options) for s in stations}


def elevation_series(element: ElementSet, station: GroundStation,
                     times: np.ndarray | list[datetime]) -> LookAngles:
    """Look angles over a time grid, e.g. for a polar sky plot of a pass."""
    return _Sampler(element, station)(as_datetime64(times))
