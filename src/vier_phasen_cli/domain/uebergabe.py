"""The Übergabebericht (SPEC §10, §16 ``uebergabe``): what a colleague taking over a case
needs to know first. Pure: a validated case, its items and its findings in, one row out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.fristen import Frist

if TYPE_CHECKING:
    from vier_phasen_cli.domain.befund import Befund
    from vier_phasen_cli.domain.fall import Fall


@dataclass(frozen=True)
class Uebergabefall:
    """One case of the Übergabebericht."""

    fall: str
    name: str
    naechste_frist: Frist | None
    """The earliest open item (overdue ones first: they are the most urgent)."""
    offene_eintraege: int
    """Every open item of the case (SPEC §8), whenever it is due."""
    letztes_gespraech: date | None
    fehler: int
    warnungen: int

    def als_json(self) -> dict[str, Any]:
        """The case's entry in ``uebergabe --format json`` (SPEC §16, pinned)."""
        frist = self.naechste_frist
        return {
            "fall": self.fall,
            "name": self.name,
            "naechste_frist": (
                {"art": frist.art, "faellig_am": frist.faellig_am.isoformat()} if frist else None
            ),
            "offene_eintraege": self.offene_eintraege,
            "letztes_gespraech": (
                self.letztes_gespraech.isoformat() if self.letztes_gespraech else None
            ),
            "befunde": {"fehler": self.fehler, "warnungen": self.warnungen},
        }


def uebergabefall(fall: Fall, fristen: Sequence[Frist], befunde: Iterable[Befund]) -> Uebergabefall:
    """The report's row of ``fall``; ``fristen`` are its items sorted by date (``fristen()``),
    ``befunde`` its findings with the workspace's severities."""
    schweren = [b.schwere for b in befunde]
    gespraeche = [g.datum for g in fall.gespraeche]
    return Uebergabefall(
        fall=fall.id,
        name=fall.kunde.name,
        naechste_frist=fristen[0] if fristen else None,
        offene_eintraege=len(fristen),
        letztes_gespraech=max(gespraeche) if gespraeche else None,
        fehler=schweren.count("fehler"),
        warnungen=schweren.count("warnung"),
    )


def vertretung_gueltig(ab: date, bis: date) -> str | None:
    """Why a Vertretung from ``ab`` to ``bis`` is refused (German), or None."""
    if bis < ab:
        return (
            f"Die Vertretung kann nicht am {deutsch(bis)} enden, wenn sie erst am "
            f"{deutsch(ab)} beginnt"
        )
    return None


@dataclass(frozen=True)
class Uebergabebericht:
    """What ``uebergabe`` prints: who handed over to whom, when, and each case's state."""

    datum: date
    von: str
    an: str
    bis: date | None
    """The Vertretung's last day; None for a handover for good."""
    faelle: list[Uebergabefall]

    def als_json(self) -> dict[str, Any]:
        """``uebergabe --format json`` (SPEC §16, pinned)."""
        return {
            "datum": self.datum.isoformat(),
            "von": self.von,
            "an": self.an,
            "bis": self.bis.isoformat() if self.bis else None,
            "faelle": [f.als_json() for f in self.faelle],
        }

    def titel(self) -> str:
        """``Übergabe von M. Schmidt an A. Wagner am 23.11.2026`` or, for a Vertretung,
        ``Vertretung von M. Schmidt durch A. Wagner vom 01.12.2026 bis 23.12.2026``."""
        if self.bis is None:
            return f"Übergabe von {self.von} an {self.an} am {deutsch(self.datum)}"
        return (
            f"Vertretung von {self.von} durch {self.an} vom {deutsch(self.datum)} "
            f"bis {deutsch(self.bis)}"
        )

    def zusammenfassung(self) -> str:
        """``3 Fälle, 7 offene Fristen (2 überfällig), 1 Fehler, 2 Warnungen.``"""
        faelle = len(self.faelle)
        offen = sum(f.offene_eintraege for f in self.faelle)
        fehler = sum(f.fehler for f in self.faelle)
        warnungen = sum(f.warnungen for f in self.faelle)
        teile = [
            f"{faelle} {'Fall' if faelle == 1 else 'Fälle'}",
            f"{offen} offene {'Frist' if offen == 1 else 'Fristen'}",
            f"{fehler} Fehler",
            f"{warnungen} {'Warnung' if warnungen == 1 else 'Warnungen'}",
        ]
        return ", ".join(teile) + "."
