"""Through a real academy (``academy serve --demo``, what ``make demo`` runs): the hub starts the
gallery as its managed service and anyone reaches it at /services/gallery/ without logging in."""

from __future__ import annotations

import json
import time

import pytest
import requests

pytestmark = [pytest.mark.slow]


def test_gallery_is_a_public_hub_service(hub_factory):
    # Port 0: a free port, so this academy's gallery cannot clash with another's. No pool:
    # this test is about routing and login, not speed.
    hub = hub_factory(ACADEMY_GALLERY_PORT="0", ACADEMY_GALLERY_POOL_SIZE="0")
    hub.start()
    services = hub.api("GET", "/services").json()
    assert "gallery" in services, f"the hub runs no gallery service: {sorted(services)}"
    assert services["gallery"]["prefix"] == "/services/gallery/"

    anonymous = requests.Session()  # no cookie, no token
    index = None
    for _attempt in range(120):  # the service may still be starting
        index = anonymous.get(f"{hub.url}/services/gallery/", timeout=30, allow_redirects=False)
        if index.status_code == 200:
            break
        time.sleep(0.5)
    assert index is not None and index.status_code == 200, index.text[:500] if index else None
    assert "Space Academy dashboard gallery" in index.text
    assert f"{hub.url}/services/gallery/voila/render/fire_the_thruster.ipynb" in index.text

    dashboard = anonymous.get(f"{hub.url}/services/gallery/voila/render/"
                              "fire_the_thruster.ipynb?lang=tr", timeout=120,
                              allow_redirects=False)
    assert dashboard.status_code == 200
    # Voilà embeds outputs as JSON, which escapes non-ASCII letters.
    assert json.dumps("İticiyi ateşle")[1:-1] in dashboard.text
    assert "/hub/login" not in dashboard.headers.get("Location", "")
