"""What ``statistik`` counts of one case (SPEC §13, §16), computed once per version of the
case file and kept in the reports' cache with its head and items."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # a report served from the cache needs only the values
    from vier_phasen_cli.domain.fall import Fall

PHASEN: tuple[str, ...] = ("potenzialanalyse", "ziel", "strategie", "umsetzung")
"""The phase of an active case in ``statistik`` (SPEC §13), in the order of the model."""


class Fallmerkmale(NamedTuple):
    phase: str
    """One of ``PHASEN``: the phase the case is in (the first one not done)."""
    integrationsprognose: str | None
    zieloption: str | None
    handlungsbedarfe: tuple[str, ...]
    """Codes of the needs not ``erledigt``, each once, in file order."""
    strategien: tuple[str, ...]
    """Codes of the strategies not ``beendet``, each once, in file order."""
    abschlussgrund: str | None
    """The ``abschluss.grund`` of a closed case (None for an active one)."""
    vereinbarung: bool
    """A current agreement is on record."""
    gespraeche: tuple[date, ...]
    """The days of the conversations, sorted, each once (for the last contact)."""
    tage_bis_vereinbarung: int | None
    """Days from the first contact to the first agreement (None: not both on record)."""


def phase(fall: Fall) -> str:
    """SPEC §13/§16: ``potenzialanalyse`` while none is done or an Anlage 1 Ausnahme is set
    (the Potenzialanalyse is owed), ``ziel`` without a Zieloption, ``strategie`` without a
    running strategy, else ``umsetzung``."""
    from vier_phasen_cli.domain.fall import laufende_strategien, pa_durchgefuehrt

    if not pa_durchgefuehrt(fall):
        return "potenzialanalyse"
    if fall.ziel is None or not fall.ziel.option:
        return "ziel"
    if not laufende_strategien(fall):
        return "strategie"
    return "umsetzung"


def merkmale(fall: Fall) -> Fallmerkmale:
    """What ``statistik`` counts of ``fall``."""
    from vier_phasen_cli.domain.fall import laufende_strategien

    pa = fall.potenzialanalyse
    bedarfe = [h.code for h in pa.handlungsbedarfe if h.erledigt is None] if pa else []
    gespraeche = sorted({g.datum for g in fall.gespraeche})
    return Fallmerkmale(
        phase=phase(fall),
        integrationsprognose=fall.integrationsprognose,
        zieloption=fall.ziel.option if fall.ziel is not None else None,
        handlungsbedarfe=tuple(dict.fromkeys(bedarfe)),
        strategien=tuple(dict.fromkeys(s.code for s in laufende_strategien(fall))),
        abschlussgrund=fall.abschluss.grund if fall.abschluss is not None else None,
        vereinbarung=fall.vereinbarung is not None,
        gespraeche=tuple(gespraeche),
        tage_bis_vereinbarung=tage_bis_vereinbarung(fall),
    )


def tage_bis_vereinbarung(fall: Fall) -> int | None:
    """Days from the first contact (the first conversation, else the Potenzialanalyse) to
    the first agreement on record (current or earlier); None when either is missing or the
    agreement is dated before the first contact (taken over from elsewhere)."""
    anfang = min((g.datum for g in fall.gespraeche), default=None)
    if anfang is None and fall.potenzialanalyse is not None:
        anfang = fall.potenzialanalyse.datum
    vereinbarungen = [*fall.vereinbarung_historie, fall.vereinbarung]
    erste = min((v.datum for v in vereinbarungen if v is not None and v.datum), default=None)
    if anfang is None or erste is None or erste < anfang:
        return None
    return (erste - anfang).days
