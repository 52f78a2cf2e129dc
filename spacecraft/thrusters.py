"""The thruster catalogue: published thrust/Isp ranges per propulsion technology.

The numbers are data (``data/thrusters.toml``), one row per technology, each row carrying the
table it was copied from, so a lesson can show the citation next to the number.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from foundation.errors import first_unknown_key
from spacecraft.errors import CatalogueError

CATALOGUE_PATH = Path(__file__).with_name("data") / "thrusters.toml"
_REQUIRED = ("key", "name", "kind", "thrust_min_n", "thrust_max_n", "isp_min_s", "isp_max_s",
             "source", "storage_density_kg_m3", "density_source")


@dataclass(frozen=True)
class ThrusterClass:
    """One propulsion technology with its published ranges and their source."""

    key: str
    name: str
    kind: str
    thrust_min_n: float
    thrust_max_n: float
    isp_min_s: float
    isp_max_s: float
    source: str
    storage_density_kg_m3: float
    density_source: str
    trl: str = ""

    @property
    def typical_isp_s(self) -> float:
        """Mid-range Isp: a lesson default, not any product's datasheet value."""
        return (self.isp_min_s + self.isp_max_s) / 2.0


def parse_thruster_catalogue(text: str, source: str = "<string>") -> dict[str, ThrusterClass]:
    """Rows of a thrusters TOML by key; CatalogueError names the row and missing field."""
    document = tomllib.loads(text)
    if unknown := first_unknown_key(document, ("thruster",)):
        raise CatalogueError(source, unknown[0], unknown[1])
    rows = document.get("thruster", [])
    catalogue: dict[str, ThrusterClass] = {}
    for index, row in enumerate(rows):
        # A misspelt optional field ("tlr") would silently vanish from the lesson otherwise.
        if unknown := first_unknown_key(row, (*_REQUIRED, "trl")):
            raise CatalogueError(source, f"thruster[{index}].{unknown[0]}", unknown[1])
        for name in _REQUIRED:
            if name not in row:
                raise CatalogueError(source, row.get("key", f"row {index}"), f"missing {name}")
        if not 0 < row["isp_min_s"] <= row["isp_max_s"]:
            raise CatalogueError(source, row["key"], "isp_min_s must be > 0 and <= isp_max_s")
        fields = {name: row[name] for name in (*_REQUIRED, "trl") if name in row}
        catalogue[row["key"]] = ThrusterClass(**fields)
    return catalogue


def load_thruster_catalogue(path: Path = CATALOGUE_PATH) -> dict[str, ThrusterClass]:
    """The shipped catalogue (or another file in the same format)."""
    return parse_thruster_catalogue(path.read_text(encoding="utf-8"), str(path))
