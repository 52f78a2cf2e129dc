"""``academy gallery``: run the public dashboard gallery (the hub starts it as a service)."""

from __future__ import annotations

import argparse

from foundation.config.environment import env_str
from foundation.config.gallery import GalleryConfig


def _gallery(args: argparse.Namespace) -> int:
    # Voilà and jupyter_server take seconds to import: only the command that runs them pays.
    from gallery.app import run_gallery

    gallery = GalleryConfig()
    return run_gallery(gallery, port=args.port, base_url=args.base_url, ip=args.ip)


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register ``academy gallery [--port P] [--base-url URL] [--ip ADDRESS]``."""
    command = subparsers.add_parser(
        "gallery", help="serve the public Voilà dashboard gallery (dashboards/), no login")
    command.add_argument("--port", type=int, default=None,
                         help="port to listen on (default ACADEMY_GALLERY_PORT or 8866)")
    command.add_argument("--base-url", default="/",
                         help="URL prefix, e.g. /services/gallery/ behind the hub (default /)")
    command.add_argument("--ip", default=env_str("ACADEMY_GALLERY_IP", "127.0.0.1"),
                         help="address to bind (default ACADEMY_GALLERY_IP or 127.0.0.1; "
                         "0.0.0.0 in a container whose proxy is another pod)")
    command.set_defaults(func=_gallery)
