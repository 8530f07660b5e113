"""Checking case files: read each one, report file problems (DA…, KA001), run the rules of
the domain, and place every finding on its line. Broken files never stop the others."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vier_phasen_cli.domain.auswahl import Auswahl
from vier_phasen_cli.domain.befund import (
    Befund,
    Pruefkontext,
    Regelwerk,
    Schwere,
    befunde_des_falls,
)
from vier_phasen_cli.domain.fristen import Fallkopf
from vier_phasen_cli.domain.probleme import Pfad, pfad_text
from vier_phasen_cli.domain.steuerzeichen import sicher
from vier_phasen_cli.storage.ablage import Ablage
from vier_phasen_cli.storage.eintrag import Eintrag
from vier_phasen_cli.storage.git import nicht_zusammengefuehrte, unzusammengefuehrt_text
from vier_phasen_cli.storage.lesen import Fortschritt, lies_alle

if TYPE_CHECKING:  # reading a file needs them; findings served from the cache do not
    from vier_phasen_cli.storage.faelle import Dateiproblem
    from vier_phasen_cli.storage.yamldatei import YamlDokument
    from vier_phasen_cli.storage.zeilen import Zeilenkarte

UNLESBAR = ("DA001", "DA002")
"""Codes that mean the file could not be used at all (exit status 2)."""


@dataclass
class Pruefergebnis:
    befunde: list[Befund] = field(default_factory=list)
    faelle: dict[str, Fallkopf] = field(default_factory=dict)
    """The readable cases by file (workspace-relative), for headings and summaries."""
    dateien: int = 0

    @property
    def unlesbar(self) -> bool:
        return any(b.code in UNLESBAR for b in self.befunde)

    def anzahl(self, schwere: str) -> int:
        return sum(1 for b in self.befunde if b.schwere == schwere)


def pruefe_dateien(
    pfade: Iterable[Path] | None,
    ablage: Ablage,
    regelwerk: Regelwerk,
    kontext: Pruefkontext,
    auswahl: Auswahl,
    *,
    mit_cache: bool = True,
    fortschritt: Callable[[int], Fortschritt | None] | None = None,
) -> Pruefergebnis:
    """Check the case files ``pfade`` or, for None, all of the workspace (read through the
    workspace's cache)."""
    eintraege = lies_mit_befunden(
        ablage, regelwerk, kontext, pfade=pfade, mit_cache=mit_cache, fortschritt=fortschritt
    )
    ergebnis = Pruefergebnis()
    offen = nicht_zusammengefuehrte(ablage.wurzel)
    schweren: dict[tuple[str, str], Schwere | None] = {}
    for eintrag in eintraege:
        ergebnis.dateien += 1
        datei = ablage.relativ_im_ordner(eintrag.ordner, eintrag.name)
        if offen and eintrag.fehler is None and eintrag.pfad.absolute() in offen:  # markers
            befunde: Iterable[Befund] = [_nicht_zusammengefuehrt(eintrag, datei, regelwerk)]
        else:
            befunde = _befunde_des_eintrags(eintrag, datei, regelwerk, ergebnis)
        ergebnis.befunde.extend(ausgewaehlt(befunde, auswahl, schweren))
    ergebnis.befunde.sort(key=Befund.sortierschluessel)
    return ergebnis


def lies_mit_befunden(
    ablage: Ablage,
    regelwerk: Regelwerk,
    kontext: Pruefkontext,
    *,
    pfade: Iterable[Path] | None = None,
    merkmale: bool = False,
    mit_cache: bool = True,
    fortschritt: Callable[[int], Fortschritt | None] | None = None,
) -> list[Eintrag]:
    """Every case file's entry with its findings on the Stichtag (``lies_alle``), each
    naming only rules of ``regelwerk``; with ``merkmale`` (``statistik``) also what
    ``statistik`` counts and the deadline items overdue on the Stichtag (due before it:
    from the cache's date index, not every item of 100,000 cases)."""
    ueberfaellig = kontext.stichtag - timedelta(days=1) if merkmale else False
    eintraege = lies_alle(
        ablage,
        kontext.kataloge,
        kontext.stichtag,
        pfade=pfade,
        befunde=True,
        zeilen=False,
        merkmale=merkmale,
        fristen=ueberfaellig,
        mit_cache=mit_cache,
        fortschritt=fortschritt,
    )
    # A cached entry naming a rule this version does not have (planted, or damaged) is not
    # believed: its file is read again.
    fremd = [e.pfad for e in eintraege if not _codes_bekannt(e, regelwerk)]
    if fremd:
        neu = {e.pfad: e for e in lies_alle(
            ablage, kontext.kataloge, kontext.stichtag, pfade=fremd, befunde=True,
            zeilen=False, merkmale=merkmale, fristen=ueberfaellig, mit_cache=False,
        )}  # fmt: skip
        eintraege = [neu.get(e.pfad, e) for e in eintraege]
    return eintraege


def hat_fehler(eintrag: Eintrag, regelwerk: Regelwerk, auswahl: Auswahl) -> bool:
    """Whether ``pruefen`` (with the workspace's rule selection and severities) shows the
    readable case of ``eintrag`` with a finding of severity ``fehler``."""
    codes = [p.code for p in eintrag.probleme]
    if eintrag.unbekannt:
        codes.append("DA004")
    codes.extend(code for _, code, _ in eintrag.befunde)
    return any(
        auswahl.gilt(code) and auswahl.schwere_von(code, regelwerk[code].schwere) == "fehler"
        for code in dict.fromkeys(codes)
    )


def _codes_bekannt(eintrag: Eintrag, regelwerk: Regelwerk) -> bool:
    return all(p.code in regelwerk for p in eintrag.probleme) and all(
        code in regelwerk for _, code, _ in eintrag.befunde
    )


def ausgewaehlt(
    befunde: Iterable[Befund],
    auswahl: Auswahl,
    schweren: dict[tuple[str, str], Schwere | None] | None = None,
) -> Iterator[Befund]:
    """The findings of the selected rules, with the workspace's severities. ``schweren``
    keeps what was decided per code and severity across calls (one report's 20,000
    findings have a few dozen codes)."""
    entschieden = {} if schweren is None else schweren
    for b in befunde:
        schluessel = (b.code, b.schwere)
        if schluessel in entschieden:
            schwere = entschieden[schluessel]
        else:
            gilt = auswahl.gilt(b.code)
            schwere = auswahl.schwere_von(b.code, b.schwere) if gilt else None
            entschieden[schluessel] = schwere
        if schwere is not None:
            yield b if schwere == b.schwere else replace(b, schwere=schwere)


def _nicht_zusammengefuehrt(eintrag: Eintrag, datei: str, regelwerk: Regelwerk) -> Befund:
    """A case file git left unmerged (the merge driver did not run): it reads as the own
    version alone, so it counts as the unresolved conflict it is (DA001)."""
    regel = regelwerk["DA001"]
    meldung = unzusammengefuehrt_text(datei)
    return Befund(eintrag.pfad.stem, datei, 1, "DA001", regel.schwere, meldung, regel.fundstelle)


def _befunde_des_eintrags(
    eintrag: Eintrag, datei: str, regelwerk: Regelwerk, ergebnis: Pruefergebnis
) -> Iterable[Befund]:
    if eintrag.fehler is not None:
        regel = regelwerk["DA001"]
        fehler = eintrag.fehler
        yield Befund(
            eintrag.pfad.stem,
            datei,
            fehler.zeile or 1,
            "DA001",
            regel.schwere,
            fehler.meldung,
            regel.fundstelle,
        )
        return
    yield from _befunde(
        eintrag.ordner,
        eintrag.name,
        datei,
        eintrag.kopf,
        eintrag.probleme,
        eintrag.unbekannt,
        eintrag.befunde,
        regelwerk,
        ergebnis,
    )


def befunde_im_dokument(
    dokument: YamlDokument,
    datei: str,
    regelwerk: Regelwerk,
    kontext: Pruefkontext,
    ergebnis: Pruefergebnis | None = None,
) -> Iterable[Befund]:
    """The findings of a parsed case document (also one not yet saved, as the wizards show)."""
    from vier_phasen_cli.storage import yamldatei

    zeilen = yamldatei.Dokumentzeilen(dokument.daten)
    return befunde_der_daten(
        dokument.daten, zeilen, dokument.pfad, datei, regelwerk, kontext, ergebnis
    )


def befunde_der_daten(
    daten: Any,
    zeilen: Zeilenkarte,
    pfad: Path,
    datei: str,
    regelwerk: Regelwerk,
    kontext: Pruefkontext,
    ergebnis: Pruefergebnis | None = None,
) -> Iterable[Befund]:
    """The findings of the data of case file ``pfad`` as either reader gave them, ``zeilen``
    placing each on its line."""
    from vier_phasen_cli.domain.schluessel import unbekannte_schluessel
    from vier_phasen_cli.storage.faelle import pruefe_daten

    fall, probleme = pruefe_daten(daten, pfad, kontext.kataloge, zeilen.zeile_von)
    unbekannt = [(s, zeilen.zeile_von(s)) for s in unbekannte_schluessel(daten)]
    kopf = Fallkopf.von(fall) if fall is not None else None
    regelbefunde = befunde_des_falls(regelwerk, fall, kontext, zeilen.zeile_fuer) if fall else []
    yield from _befunde(
        pfad.parent, pfad.name, datei, kopf, probleme, unbekannt, regelbefunde, regelwerk, ergebnis
    )


def _befunde(
    ordner: Path,
    name: str,
    datei: str,
    kopf: Fallkopf | None,
    probleme: list[Dateiproblem],
    unbekannt: list[tuple[Pfad, int]],
    regelbefunde: list[tuple[int, str, str]],
    regelwerk: Regelwerk,
    ergebnis: Pruefergebnis | None,
) -> Iterable[Befund]:
    """One file's findings: its file problems, unknown keys, then the rules' findings."""
    # (the file's path is built only without a case: a name may be no UTF-8)
    fall_id = kopf.id if kopf is not None else sicher((ordner / name).stem)

    def befund(code: str, zeile: int | None, meldung: str) -> Befund:
        regel = regelwerk[code]
        return Befund(fall_id, datei, zeile or 1, code, regel.schwere, meldung, regel.fundstelle)

    for p in probleme:
        yield befund(p.code, p.zeile, p.meldung)
    for schluessel, zeile in unbekannt:
        meldung = f"Unbekannter Schlüssel {pfad_text(schluessel)} (bleibt beim Speichern erhalten)"
        yield befund("DA004", zeile, meldung)
    if kopf is None:
        return
    if ergebnis is not None:
        ergebnis.faelle[datei] = kopf
    for zeile, code, meldung in regelbefunde:
        yield befund(code, zeile, meldung)
