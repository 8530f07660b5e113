"""The questions of the Stammdaten, one per field: asked when a case is created (``neu``, the
Erstgespräch's phase 0) and when one is changed (``stammdaten``), with the same checks.

Each question takes its default: nothing for a new case, the current value for a change.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from vier_phasen_cli.wizard.fragen import Befrager
from vier_phasen_cli.wizard.terminal import Wahl

RECHTSKREISE = (Wahl("SGB III", "SGB III"), Wahl("SGB II", "SGB II"))


def name(b: Befrager, vorgabe: str | None = None) -> str | None:
    return b.text("kunde.name", "Name der Kundin bzw. des Kunden", vorgabe=vorgabe or "")


LEBENSALTER = (14, 100)
"""Ages a customer's birth date may give (younger or older is a typing error)."""


def geburtsdatum(b: Befrager, vorgabe: date | None = None) -> date | None:
    return b.datum(
        "kunde.geburtsdatum",
        "Geburtsdatum",
        pflicht=False,
        vorgabe=vorgabe,
        nicht_nach=b.heute,
        lebensalter=LEBENSALTER,
    )


def rechtskreis(b: Befrager, vorgabe: str | None = None) -> Any:
    return b.wahl("rechtskreis", "Rechtskreis", RECHTSKREISE, vorgabe=vorgabe)


def fachkraft(b: Befrager, vorgabe: str | None = None) -> str | None:
    return b.text("fachkraft", "Zuständige Fachkraft", vorgabe=vorgabe or "")


def reha(b: Befrager, vorgabe: bool = False) -> bool:
    return b.ja_nein("reha", "Rehabilitandin bzw. Rehabilitand?", vorgabe=vorgabe)


def ausbildungsvermittlung(b: Befrager, vorgabe: bool = False) -> bool:
    return b.ja_nein("ausbildungsvermittlung", "In der Ausbildungsvermittlung?", vorgabe=vorgabe)


def arbeitslos_seit(b: Befrager, vorgabe: date | None = None) -> date | None:
    return b.datum("arbeitslos_seit", "Arbeitslos seit", pflicht=False, vorgabe=vorgabe)


def aufstocker(b: Befrager, vorgabe: bool = False) -> bool:
    """SGB II only (the caller asks it there)."""
    return b.ja_nein(
        "aufstocker", "Aufstockend (Arbeitslosengeld und Bürgergeld)?", vorgabe=vorgabe
    )
