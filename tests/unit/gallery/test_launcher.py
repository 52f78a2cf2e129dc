"""The Voilà settings the launcher builds, and the command line; nothing is started."""

from __future__ import annotations

import argparse

import pytest

from foundation.config.gallery import GalleryConfig
from foundation.errors import ConfigError
from gallery.app import build_gallery, content_security_policy, voila_config
from gallery.cli import add_commands
from gallery.websocket_guard import WidgetOnlyConnection


def test_safety_settings():
    gallery = GalleryConfig(pool_size=2, idle_cull_s=300,
                            embed_origins=["https://school.example.kz"])
    c = voila_config(gallery, port=9000, base_url="/services/gallery/", ip="127.0.0.1")
    assert c.VoilaConfiguration.strip_sources is True
    assert c.VoilaConfiguration.show_tracebacks is False
    assert c.VoilaConfiguration.preheat_kernel is True
    assert c.VoilaConfiguration.default_pool_size == 2
    assert c.VoilaConfiguration.progressive_rendering is False
    assert c.Voila.kernel_websocket_connection_class is WidgetOnlyConnection
    assert c.Voila.port_retries == 0
    assert c.Voila.tornado_settings["headers"]["Content-Security-Policy"] == (
        "frame-ancestors 'self' https://school.example.kz")
    assert c.MappingKernelManager.cull_idle_timeout == 300
    assert c.MappingKernelManager.cull_interval == 60
    assert c.MappingKernelManager.cull_connected is True


def test_pool_size_zero_turns_preheating_off():
    c = voila_config(GalleryConfig(pool_size=0), port=9000, base_url="/", ip="127.0.0.1")
    assert c.VoilaConfiguration.preheat_kernel is False


@pytest.mark.parametrize("base_url", ["services/gallery/", "/services/gallery"])
def test_base_url_must_be_a_path_prefix(base_url):
    with pytest.raises(ConfigError) as error:
        voila_config(GalleryConfig(), port=9000, base_url=base_url, ip="127.0.0.1")
    assert error.value.value == base_url


def test_a_folder_without_the_dashboards_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="lacks the dashboards"):
        build_gallery(GalleryConfig(dashboards_dir=str(tmp_path)), port=9000)


def test_csp_is_frame_ancestors_only():
    assert content_security_policy(GalleryConfig(embed_origins=[])) == "frame-ancestors 'self'"


def test_command_line():
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["gallery", "--port=8866", "--base-url=/services/gallery/"])
    assert (args.command, args.port, args.base_url) == ("gallery", 8866, "/services/gallery/")
    assert callable(args.func)
