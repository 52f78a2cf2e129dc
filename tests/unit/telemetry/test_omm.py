"""OMM JSON/CSV parsing: same ElementSet as TLE, six-digit numbers, per-record errors.

The OMM documents here are produced from the real shipped TLE records with
``sgp4.exporter.export_omm`` (there is no network, and the stored CelesTrak mirror has no OMM
file for these snapshots), which writes the same CCSDS field names CelesTrak serves.
"""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from sgp4.exporter import export_omm

from telemetry.omm import parse_omm_csv, parse_omm_json
from telemetry.propagate import propagate_teme
from telemetry.timegrid import time_grid


def _omm_records(parse_result) -> list[dict]:
    return [export_omm(r.to_satrec(), r.name) for r in parse_result.records]


def test_json_gives_the_same_elements_as_tle(stations) -> None:
    parsed = parse_omm_json(json.dumps(_omm_records(stations)), "stations.json")
    assert parsed.errors == ()
    assert len(parsed.records) == len(stations.records) == 25
    for omm, tle in zip(parsed.records, stations.records, strict=True):
        assert omm.norad_id == tle.norad_id and omm.name == tle.name
        assert omm.intl_designator == tle.intl_designator
        assert abs((omm.epoch - tle.epoch).total_seconds()) < 2e-6
        for field in ("inclination_deg", "raan_deg", "eccentricity", "arg_perigee_deg",
                      "mean_anomaly_deg", "mean_motion_rev_per_day", "bstar_per_earth_radius"):
            assert getattr(omm, field) == pytest.approx(getattr(tle, field), rel=1e-9, abs=1e-12)
        # The derivatives reach sgp4 in its own units (rad/min^2, rad/min^3) either way.
        omm_sat, tle_sat = omm.to_satrec(), tle.to_satrec()
        assert omm_sat.ndot == pytest.approx(tle_sat.ndot, rel=1e-9, abs=1e-20)
        assert omm_sat.nddot == pytest.approx(tle_sat.nddot, rel=1e-9, abs=1e-25)
        assert omm_sat.no_kozai == pytest.approx(tle_sat.no_kozai, rel=1e-12)


def test_json_and_tle_propagate_to_the_same_place(stations) -> None:
    """Both paths into sgp4 (twoline2rv vs sgp4init) agree within 1 m over a day."""
    parsed = parse_omm_json(json.dumps(_omm_records(stations)))
    times = time_grid(stations.records[0].epoch, 86400, 3600)
    a = propagate_teme(stations.records, times).position_km
    b = propagate_teme(parsed.records, times).position_km
    ok = np.isfinite(a).all(axis=-1) & np.isfinite(b).all(axis=-1)
    assert ok.sum() > 0.9 * ok.size
    assert np.max(np.linalg.norm(a[ok] - b[ok], axis=-1)) < 1e-3


def test_csv_form(cubesats) -> None:
    rows = _omm_records(cubesats)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    parsed = parse_omm_csv(out.getvalue(), "cubesat.csv")
    assert parsed.errors == ()
    assert [r.norad_id for r in parsed.records] == [r.norad_id for r in cubesats.records]


def test_six_digit_catalogue_number_propagates(iss) -> None:
    """Objects above 339999 exist only in OMM; we keep the number and still propagate."""
    record = export_omm(iss.to_satrec(), "FUTURE OBJECT")
    record["NORAD_CAT_ID"] = 412345
    (parsed,) = parse_omm_json(json.dumps([record])).records
    assert parsed.norad_id == 412345
    states = propagate_teme([parsed], time_grid(parsed.epoch, 600, 60))
    assert np.all(states.error_code == 0)
    radius_km = np.linalg.norm(states.position_km[0], axis=-1)
    assert np.all((6600 < radius_km) & (radius_km < 6900))


def test_bad_objects_reported_by_index_and_good_ones_kept(iss) -> None:
    good = export_omm(iss.to_satrec(), "ISS")
    missing = dict(good)
    del missing["MEAN_MOTION"]
    wrong_type = dict(good, ECCENTRICITY="abc")
    out_of_range = dict(good, ECCENTRICITY=1.5)
    bad_epoch = dict(good, EPOCH="yesterday")
    parsed = parse_omm_json(json.dumps([good, missing, wrong_type, 42, out_of_range, bad_epoch,
                                        good]), "mix.json")
    assert len(parsed.records) == 2
    assert [e.index for e in parsed.errors] == [1, 2, 3, 4, 5]
    assert "MEAN_MOTION" in str(parsed.errors[0])
    assert "'abc'" in str(parsed.errors[1])
    assert "record 4 of mix.json" in str(parsed.errors[3])
    assert "yesterday" in str(parsed.errors[4])


def test_truncated_json_is_one_error() -> None:
    parsed = parse_omm_json('[{"OBJECT_NAME": "ISS", "NORAD_CAT', "cut.json")
    assert parsed.records == ()
    assert len(parsed.errors) == 1 and "not valid JSON" in str(parsed.errors[0])


def test_csv_bad_row_has_line_number(iss) -> None:
    good = export_omm(iss.to_satrec(), "ISS")
    header = ",".join(good)
    row = ",".join(str(v) for v in good.values())
    bad = row.replace(str(good["INCLINATION"]), "north", 1)
    parsed = parse_omm_csv("\n".join([header, row, bad, row, row + ",extra"]), "gp.csv")
    assert len(parsed.records) == 2
    assert [e.line for e in parsed.errors] == [3, 5]
