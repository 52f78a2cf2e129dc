"""TelemetryConfig: defaults from the environment at construction, validation quoting values."""

from __future__ import annotations

import pytest

from foundation.config.telemetry import TelemetryConfig
from foundation.errors import ConfigError


def test_defaults_follow_the_data_dir(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("ACADEMY_DATA_DIR", str(tmp_path))
    for name in ("ACADEMY_TELEMETRY_CACHE_DIR", "ACADEMY_NUMBA_CACHE_DIR",
                 "ACADEMY_TELEMETRY_REFRESH_S", "ACADEMY_CELESTRAK_URL"):
        monkeypatch.delenv(name, raising=False)
    config = TelemetryConfig()
    assert config.cache_path == tmp_path / "cache" / "telemetry"
    assert config.numba_cache_path == tmp_path / "cache" / "numba"
    assert config.refresh_interval_s == 7200
    assert config.celestrak_url == "https://celestrak.org/NORAD/elements/gp.php"
    assert config.satnogs_url == "https://db.satnogs.org/api"


def test_environment_read_when_built_not_at_import(monkeypatch) -> None:
    monkeypatch.setenv("ACADEMY_CELESTRAK_URL", "http://127.0.0.1:8999/gp.php/")
    monkeypatch.setenv("ACADEMY_TELEMETRY_REFRESH_S", "10800")
    config = TelemetryConfig()
    assert config.celestrak_url == "http://127.0.0.1:8999/gp.php"
    assert config.refresh_interval_s == 10800


def test_refresh_faster_than_two_hours_is_refused(monkeypatch) -> None:
    monkeypatch.setenv("ACADEMY_TELEMETRY_REFRESH_S", "600")
    with pytest.raises(ConfigError, match="ACADEMY_TELEMETRY_REFRESH_S"):
        TelemetryConfig().refresh_interval_s  # noqa: B018 - the default is computed lazily
    with pytest.raises(ConfigError, match="7200"):
        TelemetryConfig(refresh_interval_s=3600)


@pytest.mark.parametrize("trait, value", [("celestrak_url", "ftp://x"), ("request_timeout_s", 0),
                                          ("backoff_initial_s", 0),
                                          ("satnogs_min_interval_s", -1)])
def test_bad_values_quote_the_trait_and_value(trait: str, value: object) -> None:
    with pytest.raises(ConfigError) as info:
        TelemetryConfig(**{trait: value})
    assert trait in str(info.value) and repr(value) in str(info.value)


def test_token_is_read_from_the_named_variable(monkeypatch) -> None:
    monkeypatch.setenv("MY_TOKEN", "  abc  ")
    assert TelemetryConfig(satnogs_token_env="MY_TOKEN").satnogs_token() == "abc"
    monkeypatch.delenv("ACADEMY_SATNOGS_TOKEN", raising=False)
    assert TelemetryConfig().satnogs_token() is None
