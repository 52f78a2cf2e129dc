"""Benchmark: propagating the whole active catalogue, first boinor use, frame decoding.

Run with the project's venv from the checkout:  .venv/bin/python benchmarks/propagation.py
(add --quick for a smaller naive/Skyfield subset). Every baseline runs in the same process and
run as the measured path, and the output gives ratios, because absolute times on a shared
machine drift. No timing is asserted anywhere; the figures go into benchmarks/README.md.

1. Full CelesTrak 'active' snapshot (12,806 objects) x 90 one-minute steps to geodetic:
   - ours: SatrecArray.sgp4 + vectorised numpy TEME->ITRF->WGS84 (telemetry.propagate);
   - raw SGP4 array throughput, TEME only (SatrecArray.sgp4), the ceiling for any SGP4 path;
   - a naive per-satellite, per-time Python loop (Satrec.sgp4 + math), timed on a subset and
     scaled linearly to the catalogue (it is linear in satellites);
   - Skyfield's per-satellite API (EarthSatellite.at(t) for 90 times, then
     wgs84.geographic_position_of), subset, scaled the same way.
2. Fresh Python process to the first boinor propagation: plain boinor vs boinor with
   telemetry.numba_cache (warm shared cache), separate subprocesses.
3. Decoding throughput of the LightSail-2 SatNOGS export (satnogs-decoders 'lightsail2').
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

import numpy as np
from sgp4.api import WGS72, Satrec
from sgp4.model import Satrec as PurePythonSatrec
from skyfield.api import EarthSatellite, load, wgs84

from telemetry.earth_frames import WGS84_A_KM, WGS84_E2
from telemetry.frames import decode_stream
from telemetry.propagate import propagate_geodetic, satrec_array
from telemetry.snapshots import load_snapshot_elements, load_snapshot_frames
from telemetry.timegrid import julian_date_split, time_grid, to_datetimes

STEPS = 90
STEP_S = 60.0


def best_of(repeat: int, func) -> float:
    """Shortest of ``repeat`` runs (the least disturbed by other work on the machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def naive_geodetic(line1: str, line2: str, jd: np.ndarray, fr: np.ndarray,
                   satrec_class: type = Satrec) -> list:
    """What a first notebook does: one Satrec call per time, scalar maths per point."""
    sat = satrec_class.twoline2rv(line1, line2, WGS72)
    out = []
    for j, f in zip(jd.tolist(), fr.tolist(), strict=True):
        error, r, _ = sat.sgp4(j, f)
        if error:
            out.append(None)
            continue
        t = (j - 2451545.0 + f) / 36525.0
        g = 67310.54841 + (8640184.812866 + (0.093104 + (-6.2e-6) * t) * t) * t
        theta = ((j % 1.0 + f + g / 86400.0 % 1.0) % 1.0) * 2 * math.pi
        x = math.cos(theta) * r[0] + math.sin(theta) * r[1]
        y = -math.sin(theta) * r[0] + math.cos(theta) * r[1]
        z = r[2]
        p = math.hypot(x, y)
        lat = math.atan2(z, p * (1 - WGS84_E2))
        for _ in range(3):
            c = WGS84_A_KM / math.sqrt(1 - WGS84_E2 * math.sin(lat) ** 2)
            lat = math.atan2(z + c * WGS84_E2 * math.sin(lat), p)
        c = WGS84_A_KM / math.sqrt(1 - WGS84_E2 * math.sin(lat) ** 2)
        out.append((math.degrees(lat), math.degrees(math.atan2(y, x)),
                    p / math.cos(lat) - c))
    return out


def catalogue_benchmark(subset: int) -> dict[str, float]:
    catalogue = load_snapshot_elements("active")
    records = catalogue.records
    n = len(records)
    start = catalogue.provenance.as_of
    times = time_grid(start, (STEPS - 1) * STEP_S, STEP_S)
    jd, fr = julian_date_split(times)
    print(f"catalogue: {n} objects ({catalogue.provenance.label()}) x {len(times)} steps "
          f"= {n * len(times):,} states")

    build_s = best_of(1, lambda: satrec_array(records))
    array = satrec_array(records)
    ids = [r.norad_id for r in records]
    raw_s = best_of(3, lambda: array.sgp4(jd, fr))
    ours_s = best_of(3, lambda: propagate_geodetic(array, times, ids))

    step = max(1, n // subset)
    sample = records[::step][:subset]
    naive_subset_s = best_of(1, lambda: [naive_geodetic(r.line1, r.line2, jd, fr)
                                         for r in sample])
    naive_s = naive_subset_s * n / len(sample)

    small = records[::max(1, n // (subset // 5))][:subset // 5]
    pure_subset_s = best_of(1, lambda: [naive_geodetic(r.line1, r.line2, jd, fr,
                                                       PurePythonSatrec) for r in small])
    pure_s = pure_subset_s * n / len(small)

    ts = load.timescale(builtin=True)
    t = ts.from_datetimes(to_datetimes(times))
    scalar_times = [ts.from_datetime(d) for d in to_datetimes(times)]

    def skyfield_scalar_subset() -> None:
        for r in small:
            satellite = EarthSatellite(r.line1, r.line2, r.name, ts)
            for instant in scalar_times:
                wgs84.geographic_position_of(satellite.at(instant))

    skyfield_scalar_s = best_of(1, skyfield_scalar_subset) * n / len(small)

    def skyfield_subset() -> None:
        for r in sample:
            satellite = EarthSatellite(r.line1, r.line2, r.name, ts)
            wgs84.geographic_position_of(satellite.at(t))

    skyfield_subset_s = best_of(1, skyfield_subset)
    skyfield_s = skyfield_subset_s * n / len(sample)
    return {"n": n, "subset": len(sample), "small": len(small), "pure_s": pure_s,
            "skyfield_scalar_s": skyfield_scalar_s, "build_s": build_s, "raw_s": raw_s,
            "ours_s": ours_s, "naive_s": naive_s, "skyfield_s": skyfield_s,
            "naive_subset_s": naive_subset_s, "skyfield_subset_s": skyfield_subset_s}


FIRST_PROPAGATION = """
import sys, time
t0 = time.perf_counter()
if sys.argv[1] == "cached":
    from telemetry.numba_cache import enable_numba_cache
    enable_numba_cache(cache_dir=sys.argv[2])
from astropy import units as u
from boinor.bodies import Earth
from boinor.twobody import Orbit
orbit = Orbit.circular(Earth, 400 * u.km, inc=51.6 * u.deg)
orbit.propagate(30 * u.min)
print(time.perf_counter() - t0)
"""


def first_propagation_benchmark(repeat: int) -> dict[str, float]:
    cache_dir = Path(tempfile.mkdtemp(prefix="academy-bench-numba-"))

    def run(mode: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", FIRST_PROPAGATION, mode, str(cache_dir)],
                       check=True, capture_output=True, env={**os.environ})
        return time.perf_counter() - started

    warm_s = run("cached")  # fills the cache (what `make` / warm_boinor_cache does)
    plain = [run("plain") for _ in range(repeat)]
    cached = [run("cached") for _ in range(repeat)]
    return {"plain_s": min(plain), "cached_s": min(cached), "cold_fill_s": warm_s}


def decoding_benchmark() -> dict[str, float]:
    dataset = load_snapshot_frames("lightsail2")
    frames = dataset.frames
    started = time.perf_counter()
    results = list(decode_stream("lightsail2", frames))
    elapsed = time.perf_counter() - started
    good = sum(1 for r in results if not isinstance(r, Exception))
    return {"frames": len(frames), "decoded": good, "seconds": elapsed,
            "fps": len(frames) / elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller subsets, fewer repeats")
    options = parser.parse_args()
    subset = 100 if options.quick else 400
    repeat = 1 if options.quick else 3

    print(f"python {platform.python_version()} on {platform.machine()}, "
          f"{os.cpu_count()} cpu(s); sgp4 {version('sgp4')}, skyfield {version('skyfield')}, "
          f"numpy {version('numpy')}, numba {version('numba')}, boinor {version('boinor')}, "
          f"satnogs-decoders {version('satnogs-decoders')}")
    c = catalogue_benchmark(subset)
    states = c["n"] * STEPS
    print()
    print(f"{'path (12,806 x 90 -> geodetic)':50} {'seconds':>9} {'states/s':>12} "
          f"{'vs ours':>8}")
    rows = [
        ("raw SatrecArray.sgp4, TEME only", c["raw_s"]),
        ("ours: propagate_geodetic", c["ours_s"]),
        (f"skyfield per satellite (x{c['n'] / c['subset']:.0f} from {c['subset']})",
         c["skyfield_s"]),
        (f"naive loop, C++ Satrec (x{c['n'] / c['subset']:.0f} from {c['subset']})",
         c["naive_s"]),
        (f"naive loop, pure-Python SGP4 (x{c['n'] / c['small']:.0f} from {c['small']})",
         c["pure_s"]),
        (f"naive loop, skyfield scalar t (x{c['n'] / c['small']:.0f} from {c['small']})",
         c["skyfield_scalar_s"]),
    ]
    for name, seconds in rows:
        print(f"{name:50} {seconds:9.3f} {states / seconds:12,.0f} "
              f"{seconds / c['ours_s']:7.1f}x")
    print(f"(building the SatrecArray once: {c['build_s']:.3f} s, not included above)")
    print(f"ratio naive (C++ Satrec) / ours       = {c['naive_s'] / c['ours_s']:.1f}x "
          "(target >= 50x)")
    print(f"ratio naive (pure-Python SGP4) / ours = {c['pure_s'] / c['ours_s']:.0f}x")
    print(f"ratio naive (skyfield scalar) / ours  = {c['skyfield_scalar_s'] / c['ours_s']:.0f}x")
    print(f"ceiling: naive (C++ Satrec) / raw SGP4 array = {c['naive_s'] / c['raw_s']:.1f}x")
    print(f"ratio skyfield per satellite / ours   = {c['skyfield_s'] / c['ours_s']:.0f}x")
    print(f"ratio ours / raw TEME                 = {c['ours_s'] / c['raw_s']:.2f} "
          "(target <= 2)")

    f = first_propagation_benchmark(repeat)
    print()
    print("fresh process -> first boinor propagation (subprocess wall time, best of "
          f"{repeat})")
    print(f"  plain boinor (compiles every time): {f['plain_s']:.2f} s")
    print(f"  telemetry.numba_cache, warm cache:  {f['cached_s']:.2f} s")
    print(f"  ratio plain / cached = {f['plain_s'] / f['cached_s']:.1f}x "
          f"(first fill of the cache: {f['cold_fill_s']:.2f} s)")

    d = decoding_benchmark()
    print()
    print(f"LightSail-2 export decoding: {d['frames']} frames ({d['decoded']} decoded) in "
          f"{d['seconds']:.2f} s = {d['fps']:,.0f} frames/s")


if __name__ == "__main__":
    main()
