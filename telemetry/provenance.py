"""Where a dataset came from: the credit line and "as of" date every view must show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Provenance:
    """Source, credit and licence of a dataset, and the moment its data describe.

    ``as_of`` is the fetch time of a catalogue (or of a recorded export), so a widget can say
    "CelesTrak, as of 2026-05-30". ``status`` says how fresh it is: ``snapshot`` (shipped with
    the package), ``fresh`` (just fetched), ``cached`` (fetched earlier, still within the refresh
    interval) or ``stale`` (the live source failed; last good data served).
    """

    source: str
    credit: str
    licence: str
    as_of: datetime | None = None
    url: str = ""
    status: str = "snapshot"

    def label(self) -> str:
        """A short credit line such as ``"CelesTrak, as of 2026-05-30"``."""
        if self.as_of is None:
            return self.credit
        return f"{self.credit}, as of {self.as_of.date().isoformat()}"
