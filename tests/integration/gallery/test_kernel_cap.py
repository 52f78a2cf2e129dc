"""At the kernel cap a new visitor gets a translated "busy, retrying" page that reloads itself,
not an error, and the gallery keeps serving."""

from __future__ import annotations

import pytest
import requests

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_busy_page_at_the_cap(page, gallery_factory):
    # No preheating (fast start) and room for one visitor.
    full_gallery = gallery_factory("cap", ACADEMY_GALLERY_POOL_SIZE="0",
                                   ACADEMY_GALLERY_KERNEL_CAP="1", ACADEMY_GALLERY_RATE_LIMIT="0")
    visitor = requests.Session()
    first = visitor.get(f"{full_gallery.url}/voila/render/fire_the_thruster.ipynb", timeout=120)
    assert first.status_code == 200 and "academy-busy" not in first.text

    response = page.goto(f"{full_gallery.url}/voila/render/cansat_mission_replay.ipynb?lang=tr")
    assert response.status == 503
    assert response.headers["retry-after"] == "10"
    assert page.locator(".academy-busy").inner_text().startswith("Galeri şu anda dolu")
    refresh = page.locator("meta[http-equiv=refresh]").get_attribute("content")
    assert refresh == "10"

    assert requests.get(full_gallery.url + "/", timeout=30).status_code == 200
    assert full_gallery.process.poll() is None

    # The cap counts live kernels: when the first visitor's tab closes (Voilà's page posts to
    # /voila/api/shutdown), the place goes to the next visitor.
    kernel_id = first.text.split('"kernelId": "')[1][:36]
    closed = visitor.post(f"{full_gallery.url}/voila/api/shutdown/{kernel_id}", timeout=30,
                          headers={"X-XSRFToken": visitor.cookies["_xsrf"]})
    assert closed.status_code == 204, closed.text
    again = requests.get(f"{full_gallery.url}/voila/render/fire_the_thruster.ipynb", timeout=120)
    assert again.status_code == 200 and "academy-busy" not in again.text
