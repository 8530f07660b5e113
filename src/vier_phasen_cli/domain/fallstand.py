"""Where a case stands: questions the rules, deadlines and views ask of a validated case.

Apart from the model (:mod:`vier_phasen_cli.domain.fall`), so that the rules can be
registered – ``pruefen --regeln``, a check served from the cache – without building the
pydantic models: these functions only read a case's attributes.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vier_phasen_cli.domain.fall import Fall, Produkt, Strategie


def laufende_strategien(fall: Fall) -> list[Strategie]:
    """The strategies being pursued: every one not ``beendet``."""
    return [s for s in fall.strategien if s.beendet is None]


def potenzialanalyse_erfolgt(fall: Fall) -> bool:
    """Phase 1 is on record: a dated Potenzialanalyse or an Anlage 1 Ausnahme."""
    pa = fall.potenzialanalyse
    return pa is not None and (pa.datum is not None or pa.ausnahme is not None)


def pa_durchgefuehrt(fall: Fall) -> bool:
    """A real Potenzialanalyse is on record: dated, and not replaced by an Anlage 1 Ausnahme."""
    pa = fall.potenzialanalyse
    return pa is not None and pa.datum is not None and pa.ausnahme is None


def teilnahmeende(produkt: Produkt) -> date | None:
    """The individual end of participation (3.3.3): the actual exit, else the planned end."""
    return produkt.austritt or produkt.ende
