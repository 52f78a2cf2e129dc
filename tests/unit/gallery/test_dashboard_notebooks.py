"""The notebooks in dashboards/ match the catalogue and are committed clean."""

from __future__ import annotations

import json

from foundation.paths import PROJECT_ROOT
from gallery.catalogue import DASHBOARDS

DASHBOARDS_DIR = PROJECT_ROOT / "dashboards"


def test_each_catalogue_entry_has_its_notebook_and_nothing_else_is_served():
    on_disk = sorted(path.name for path in DASHBOARDS_DIR.glob("*.ipynb"))
    assert on_disk == sorted(d.notebook for d in DASHBOARDS)


def test_notebooks_wait_for_the_visitor_with_their_own_slug_and_hold_no_outputs():
    for dashboard in DASHBOARDS:
        notebook = json.loads((DASHBOARDS_DIR / dashboard.notebook).read_text("utf-8"))
        sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                   for c in notebook["cells"]]
        assert f"open_dashboard({dashboard.slug!r})" in "\n".join(sources)
        # Preheating runs the first cell before anyone visits: it must not wait for one.
        assert "open_dashboard(" not in sources[0].split("import open_dashboard")[-1]
        assert all(not c.get("outputs") for c in notebook["cells"])
        assert "Prebuilt(" in sources[0]  # the view is built while the kernel waits
        assert notebook["metadata"]["kernelspec"]["name"] == "python3"
