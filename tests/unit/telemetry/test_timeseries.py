"""Decoded LightSail-2 frames as time series with units and limits; CSV export; limit files."""

from __future__ import annotations

import csv

import pytest

from telemetry.errors import LimitsError
from telemetry.frames import DecodedFrame, decode_stream
from telemetry.timeseries import (
    CRITICAL,
    LIMITS_DIR,
    NOMINAL,
    WARNING,
    FieldLimits,
    TelemetrySeries,
    derive_teaching_limits,
    load_limits,
    parse_limits,
)


@pytest.fixture(scope="module")
def series(lightsail_frames) -> TelemetrySeries:
    frames = lightsail_frames.frames[:600]
    good = [d for d in decode_stream("lightsail2", frames) if isinstance(d, DecodedFrame)]
    return TelemetrySeries(good, load_limits("lightsail2"), lightsail_frames.provenance)


def test_limits_file_is_valid_and_documented() -> None:
    limits = load_limits("lightsail2")
    assert limits.norad_id == 44420 and limits.decoder == "lightsail2"
    assert "bat0_volt" in limits.fields and limits.fields["wheel_rpm"].unit == "rpm"
    assert "TEACHING limits" in open(limits.source, encoding="utf-8").read()


def test_classification_bands() -> None:
    limits = FieldLimits("count", (113, 131), (0, 132))
    assert [limits.classify(v) for v in (120, 131.5, -1, 140)] == [NOMINAL, WARNING, CRITICAL,
                                                                  CRITICAL]


def test_series_is_sorted_in_time_and_classified(series: TelemetrySeries) -> None:
    assert len(series) > 300
    assert series.table.index.is_monotonic_increasing
    status = series.status("bat0_volt")
    assert set(status.unique()) <= {NOMINAL, WARNING, CRITICAL}
    # 5-95 % nominal band over the whole export: most samples of a sub-range are nominal.
    assert (status == NOMINAL).mean() > 0.7
    assert series.unit("bat0_volt") == "count"
    assert series.provenance.label().startswith("SatNOGS DB (Libre Space Foundation)")
    with pytest.raises(KeyError, match="no_field"):
        series.series("no_field")


def test_csv_export_round_trip(series: TelemetrySeries, tmp_path) -> None:
    path = series.to_csv(tmp_path / "ls2.csv", ["bat0_volt", "wheel_rpm"])
    with path.open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["timestamp_utc", "bat0_volt [count]", "wheel_rpm [rpm]"]
    assert len(rows) == len(series) + 1
    assert rows[1][0].endswith("+00:00")
    assert float(rows[1][1]) == series.series("bat0_volt").iloc[0]


def test_derived_limits_reproduce_the_shipped_file(lightsail_frames) -> None:
    """The shipped numbers are what derive_teaching_limits gives on the whole export."""
    good = [d for d in decode_stream("lightsail2", lightsail_frames.frames)
            if isinstance(d, DecodedFrame)]
    values = [d.fields["bat0_temp"] for d in good if "bat0_temp" in d.fields]
    derived = derive_teaching_limits(values, "count")
    shipped = load_limits("lightsail2").fields["bat0_temp"]
    assert derived.nominal == pytest.approx(shipped.nominal, rel=1e-5)
    assert derived.warning == pytest.approx(shipped.warning, rel=1e-5)


@pytest.mark.parametrize("text, field", [
    ("[satellite]\nname='x'\nnorad_id=1\n", "satellite.decoder"),
    ("[satellite]\nname='x'\nnorad_id=1\ndecoder='d'\n[fields.a]\nunit='V'\nnominal=[2,1]\n"
     "warning=[0,3]\n", "fields.a.nominal"),
    ("[satellite]\nname='x'\nnorad_id=1\ndecoder='d'\n[fields.a]\nunit='V'\nnominal=[0,5]\n"
     "warning=[1,3]\n", "fields.a"),
    ("not = [toml", "<document>"),
])
def test_bad_limit_files_name_the_field(text: str, field: str) -> None:
    with pytest.raises(LimitsError) as info:
        parse_limits(text, "x.toml")
    assert info.value.field == field and "x.toml" in str(info.value)


GOOD_LIMITS = ("[satellite]\nname='x'\nnorad_id=1\ndecoder='d'\n"
               "[fields.a]\nunit='V'\nnominal=[1,2]\nwarning=[0,3]\n")


# Issue 23: an unknown key is an error naming the file, the dotted key and the nearest key.
@pytest.mark.parametrize("old, new, field, suggestion", [
    ("[satellite]", "[satelite]", "satelite", "satellite"),
    ("[fields.a]", "[field.a]", "field", "fields"),
    ("norad_id=1", "norad=1", "satellite.norad", "norad_id"),
    ("warning=[0,3]", "warning=[0,3]\nwarnng=[0,4]", "fields.a.warnng", "warning"),
    ("unit='V'", "unti='V'", "fields.a.unti", "unit"),
])
def test_limits_typo_names_file_key_and_nearest_key(old: str, new: str, field: str,
                                                    suggestion: str) -> None:
    with pytest.raises(LimitsError) as info:
        parse_limits(GOOD_LIMITS.replace(old, new), "x.toml")
    assert info.value.field == field
    assert info.value.reason == f"unknown key; did you mean {suggestion!r}?"
    assert str(info.value) == f"x.toml: field {field!r}: unknown key; did you mean {suggestion!r}?"


def test_limits_unknown_key_far_from_every_valid_one_lists_them() -> None:
    with pytest.raises(LimitsError) as info:
        parse_limits(GOOD_LIMITS + "colour='red'\n", "x.toml")
    assert info.value.field == "fields.a.colour"
    assert info.value.reason == "unknown key; valid keys are 'nominal', 'unit', 'warning'"


def test_limits_fields_must_be_a_table() -> None:
    with pytest.raises(LimitsError) as info:
        parse_limits("fields = 3\n" + GOOD_LIMITS.split("[fields.a]")[0], "x.toml")
    assert info.value.field == "fields"


@pytest.mark.parametrize("path", sorted(LIMITS_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_every_shipped_limits_file_loads(path) -> None:
    limits = load_limits(path.stem)
    assert limits.decoder == path.stem and limits.fields
