"""Property-based tests: whatever the input, parsers return results, never crash.

A parser may only raise nothing: every bad record becomes an ElementSetError in ``.errors``,
and the good records of the same text are kept.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sgp4.exporter import export_omm

from telemetry.errors import ElementSetError
from telemetry.omm import parse_omm_csv, parse_omm_json
from telemetry.snapshots import SNAPSHOT_DIR
from telemetry.tle import parse_tle_text

STATIONS_TEXT = (SNAPSHOT_DIR / "celestrak_stations_20260530T2250Z.tle").read_text("ascii")
STATIONS_LINES = STATIONS_TEXT.splitlines()
FAST = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(max_size=400))
def test_tle_parser_never_raises_on_random_text(text: str) -> None:
    result = parse_tle_text(text, "random")
    assert all(isinstance(e, ElementSetError) for e in result.errors)


@FAST
@given(st.integers(min_value=0, max_value=len(STATIONS_LINES) - 1),
       st.integers(min_value=0, max_value=68),
       st.characters(codec="ascii"))
def test_one_mutated_character_costs_at_most_two_records(line_index: int, column: int,
                                                         char: str) -> None:
    """Change one character of the real file: at most the touched record and the one its
    broken framing may swallow are lost; every other record parses unchanged."""
    lines = list(STATIONS_LINES)
    line = lines[line_index]
    if column < len(line):
        lines[line_index] = line[:column] + char + line[column + 1:]
    result = parse_tle_text("\n".join(lines), "mutated")
    assert len(result.records) >= 23
    assert len(result.records) + len(result.errors) >= 24
    assert all(isinstance(e, ElementSetError) for e in result.errors)


@FAST
@given(st.integers(min_value=0, max_value=len(STATIONS_TEXT) - 1))
def test_truncated_file_keeps_complete_records(cut: int) -> None:
    result = parse_tle_text(STATIONS_TEXT[:cut], "cut")
    complete = STATIONS_TEXT[:cut].count("\n") // 3
    assert len(result.records) >= complete - 1
    assert len(result.errors) <= 1


_json_values = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12,
)


@FAST
@given(_json_values)
def test_omm_json_parser_never_raises(value: object) -> None:
    result = parse_omm_json(json.dumps(value), "random.json")
    assert all(isinstance(e, ElementSetError) for e in result.errors)


@FAST
@given(st.sampled_from(["MEAN_MOTION", "ECCENTRICITY", "EPOCH", "NORAD_CAT_ID", "INCLINATION",
                        "BSTAR", "ELEMENT_SET_NO"]),
       _json_values)
def test_omm_field_mutation_keeps_the_other_records(field: str, value: object) -> None:
    from telemetry.snapshots import load_snapshot_elements

    records = [export_omm(r.to_satrec(), r.name) for r in load_snapshot_elements("stations")]
    records[3] = dict(records[3], **{field: value})
    result = parse_omm_json(json.dumps(records), "mutated.json")
    assert len(result.records) >= 24
    assert {e.index for e in result.errors} <= {3}


@FAST
@given(st.text(max_size=300))
def test_omm_csv_parser_never_raises(text: str) -> None:
    result = parse_omm_csv(text, "random.csv")
    assert all(isinstance(e, ElementSetError) for e in result.errors)
