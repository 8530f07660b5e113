"""Checking case files: read each one, report file problems (DA…, KA001), run the rules of
the domain, and place every finding on its line. Broken files never stop the others."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vier_phasen_cli.domain.auswahl import Auswahl
from vier_phasen_cli.domain.befund import Befund, Pruefkontext, Regelwerk, anwenden
from vier_phasen_cli.domain.fall import Fall
from vier_phasen_cli.domain.probleme import pfad_text
from vier_phasen_cli.domain.schluessel import unbekannte_schluessel
from vier_phasen_cli.fehler import DatenFehler
from vier_phasen_cli.storage import yamldatei
from vier_phasen_cli.storage.ablage import Ablage
from vier_phasen_cli.storage.faelle import pruefe_dokument
from vier_phasen_cli.storage.yamldatei import YamlDokument

UNLESBAR = ("DA001", "DA002")
"""Codes that mean the file could not be used at all (exit status 2)."""


@dataclass
class Pruefergebnis:
    befunde: list[Befund] = field(default_factory=list)
    faelle: dict[str, Fall] = field(default_factory=dict)
    """The readable cases by file (workspace-relative), for headings and summaries."""
    dateien: int = 0

    @property
    def unlesbar(self) -> bool:
        return any(b.code in UNLESBAR for b in self.befunde)

    def anzahl(self, schwere: str) -> int:
        return sum(1 for b in self.befunde if b.schwere == schwere)


def pruefe_dateien(
    pfade: Iterable[Path],
    ablage: Ablage,
    regelwerk: Regelwerk,
    kontext: Pruefkontext,
    auswahl: Auswahl,
) -> Pruefergebnis:
    ergebnis = Pruefergebnis()
    for pfad in pfade:
        ergebnis.dateien += 1
        datei = ablage.relativ(pfad)
        roh = list(_pruefe_datei(pfad, datei, regelwerk, kontext, ergebnis))
        for b in roh:
            if not auswahl.gilt(b.code):
                continue
            schwere = auswahl.schwere_von(b.code, b.schwere)
            ergebnis.befunde.append(
                Befund(b.fall, b.datei, b.zeile, b.code, schwere, b.meldung, b.fundstelle)
            )
    ergebnis.befunde.sort(key=Befund.sortierschluessel)
    return ergebnis


def _pruefe_datei(
    pfad: Path, datei: str, regelwerk: Regelwerk, kontext: Pruefkontext, ergebnis: Pruefergebnis
) -> Iterable[Befund]:
    def befund(code: str, zeile: int | None, meldung: str, fall: str = pfad.stem) -> Befund:
        regel = regelwerk[code]
        return Befund(fall, datei, zeile or 1, code, regel.schwere, meldung, regel.fundstelle)

    try:
        dokument = yamldatei.lade(pfad)
    except DatenFehler as exc:
        yield befund("DA001", exc.zeile, exc.meldung)
        return
    yield from befunde_im_dokument(dokument, datei, regelwerk, kontext, ergebnis)


def befunde_im_dokument(
    dokument: YamlDokument,
    datei: str,
    regelwerk: Regelwerk,
    kontext: Pruefkontext,
    ergebnis: Pruefergebnis | None = None,
) -> Iterable[Befund]:
    """The findings of a parsed case document (also one not yet saved, as the wizards show)."""
    pfad = dokument.pfad

    def befund(code: str, zeile: int | None, meldung: str, fall: str = pfad.stem) -> Befund:
        regel = regelwerk[code]
        return Befund(fall, datei, zeile or 1, code, regel.schwere, meldung, regel.fundstelle)

    fall, probleme = pruefe_dokument(dokument, kontext.kataloge)
    fall_id = fall.id if fall is not None else pfad.stem
    for p in probleme:
        yield befund(p.code, p.zeile, p.meldung, fall_id)
    for schluessel in unbekannte_schluessel(dokument.daten):
        zeile = yamldatei.zeile_von(dokument.daten, schluessel)
        meldung = f"Unbekannter Schlüssel {pfad_text(schluessel)} (bleibt beim Speichern erhalten)"
        yield befund("DA004", zeile, meldung, fall_id)
    if fall is None:
        return
    if ergebnis is not None:
        ergebnis.faelle[datei] = fall
    for regel, t in anwenden(regelwerk, fall, kontext):
        zeile = yamldatei.zeile_fuer(dokument.daten, t.pfade)
        yield befund(regel.code, zeile, regel.meldung(t.werte), fall_id)
