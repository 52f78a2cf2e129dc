"""GalleryConfig: environment variables at construction, validation that quotes the value."""

from __future__ import annotations

import pytest

from foundation.config.gallery import GalleryConfig, parse_origins
from foundation.errors import ConfigError


def test_defaults_are_same_origin_only_and_modest(monkeypatch):
    for name in ("ACADEMY_EMBED_ORIGINS", "ACADEMY_GALLERY_PORT", "ACADEMY_GALLERY_POOL_SIZE",
                 "ACADEMY_GALLERY_KERNEL_CAP"):
        monkeypatch.delenv(name, raising=False)
    config = GalleryConfig()
    assert config.frame_ancestors == "'self'"
    assert config.port == 8866
    assert config.pool_size == 1
    assert config.kernel_cap == 20


def test_environment_is_read_when_built(monkeypatch):
    monkeypatch.setenv("ACADEMY_EMBED_ORIGINS", "https://school.example.kz, http://127.0.0.1:9000")
    monkeypatch.setenv("ACADEMY_GALLERY_KERNEL_CAP", "7")
    monkeypatch.setenv("ACADEMY_GALLERY_IDLE_CULL_S", "40")
    config = GalleryConfig()
    assert config.frame_ancestors == "'self' https://school.example.kz http://127.0.0.1:9000"
    assert config.kernel_cap == 7
    assert config.cull_interval_s == 10  # a quarter of the timeout


@pytest.mark.parametrize("raw", ["*", "https://*.example.kz", "school.example.kz",
                                 "https://school.example.kz/page", "javascript:alert(1)"])
def test_origins_that_would_widen_or_break_the_policy_are_refused(raw):
    with pytest.raises(ConfigError) as error:
        parse_origins("ACADEMY_EMBED_ORIGINS", raw)
    assert raw in str(error.value)


@pytest.mark.parametrize(("variable", "value"), [
    ("ACADEMY_GALLERY_KERNEL_CAP", "0"), ("ACADEMY_GALLERY_POOL_SIZE", "-1"),
    ("ACADEMY_GALLERY_POOL_SIZE", "lots"), ("ACADEMY_GALLERY_IDLE_CULL_S", "3"),
    ("ACADEMY_GALLERY_PORT", "70000"), ("ACADEMY_GALLERY_KIOSK_IDLE_S", "1")])
def test_bad_environment_values_name_variable_and_value(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as error:
        GalleryConfig()
    assert error.value.name == variable and error.value.value == value


@pytest.mark.parametrize(("trait", "value"), [("kernel_cap", 0), ("pool_size", 17),
                                              ("idle_cull_s", 5), ("rate_limit_per_min", -1),
                                              ("port", -2), ("kiosk_idle_s", 0)])
def test_traits_are_validated_when_set(trait, value):
    with pytest.raises(ConfigError) as error:
        GalleryConfig(**{trait: value})
    assert error.value.name == f"GalleryConfig.{trait}" and error.value.value == value


def test_dashboards_dir_must_exist(tmp_path):
    with pytest.raises(ConfigError, match="not a directory"):
        GalleryConfig(dashboards_dir=str(tmp_path / "missing"))
