"""CubeSat form factors and their maximum masses from the CubeSat Design Specification.

Source: The CubeSat Program, Cal Poly SLO, *CubeSat Design Specification (1U - 12U)*, Rev 14.1
(CP-CDS-R14.1, February 2022), which supersedes CDS Rev 13 and the 6U CDS Rev 1.0 and covers
6U and 12U. Rev 14 raised the limit to 2.00 kg per U for 1U-3U (Rev 13 had 1.33 kg per U:
1U 1.33 kg, 2U 2.66 kg, 3U 4.00 kg); 6U is 12.00 kg and 12U 24.00 kg. Launch providers may
accept other masses by agreement, which is why the widget calls this "the standard's limit".
"""

from __future__ import annotations

from dataclasses import dataclass

from spacecraft.errors import SpacecraftInputError


@dataclass(frozen=True)
class FormFactor:
    """One standard CubeSat size: its name, volume in U and the CDS maximum mass."""

    name: str
    units: float
    max_mass_kg: float
    source: str = "CubeSat Design Specification Rev 14.1 (Cal Poly, 2022)"


FORM_FACTORS: dict[str, FormFactor] = {
    form.name: form
    for form in (
        FormFactor("1U", 1.0, 2.00),
        FormFactor("1.5U", 1.5, 3.00),
        FormFactor("2U", 2.0, 4.00),
        FormFactor("3U", 3.0, 6.00),
        FormFactor("6U", 6.0, 12.00),
        FormFactor("12U", 12.0, 24.00),
    )
}

CDS_REV13_MASS_PER_U_KG = 1.33
"""The older Rev 13 figure (1U-3U), kept so a lesson can show how the standard changed."""


def form_factor(name: str) -> FormFactor:
    """The form factor called ``name`` ('1U' ... '12U'); SpacecraftInputError otherwise."""
    try:
        return FORM_FACTORS[name.strip().upper()]
    except KeyError:
        raise SpacecraftInputError(
            "form_factor", name, f"must be one of {', '.join(FORM_FACTORS)}"
        ) from None
