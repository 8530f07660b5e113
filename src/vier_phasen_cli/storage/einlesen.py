"""Reading case files for reports: parse (rapidyaml, LibYAML, round trip for special files),
validate, and compute each file's :class:`~vier_phasen_cli.storage.lesen.Eintrag` – in this
process or, for many files, on every core. Imported only when some file must be read: a
report served from the cache never loads the YAML libraries or the rules.
"""

from __future__ import annotations

import gc
import os
import time
import zlib
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from vier_phasen_cli.domain.befund import Pruefkontext, befunde_des_falls
from vier_phasen_cli.domain.fall import listenzeile
from vier_phasen_cli.domain.fallmerkmale import merkmale
from vier_phasen_cli.domain.fristen import Fallkopf, fristen
from vier_phasen_cli.domain.gueltigkeit import BeobachteterStichtag, Gueltigkeit
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.kontakt import KONTAKT_TAGE
from vier_phasen_cli.domain.regeln import REGELWERK
from vier_phasen_cli.domain.schluessel import unbekannte_schluessel
from vier_phasen_cli.fehler import DatenFehler
from vier_phasen_cli.storage import cache, yamldatei
from vier_phasen_cli.storage.eintrag import Eintrag
from vier_phasen_cli.storage.faelle import pruefe_daten
from vier_phasen_cli.storage.lesen import Fortschritt
from vier_phasen_cli.storage.rapidleser import lade_rapid
from vier_phasen_cli.storage.rohdaten import MAX_BYTES, lies_bytes
from vier_phasen_cli.storage.schnell import Sonderfall, lade_schnell
from vier_phasen_cli.storage.zeilen import Zeilenkarte

PARALLEL_AB = 400
"""From this many files to read, a second process pays for its start (≈ 0.2 s)."""


@dataclass
class Roh:
    """What parsing a file gives, before validation (its node tree lives while it does)."""

    pfad: Path
    stand: cache.Stand | None = None
    daten: Any = None
    zeilen: Zeilenkarte | None = None
    fehler: DatenFehler | None = None


def parse(pfad: Path) -> Roh:
    """Parse one case file: rapidyaml, LibYAML for what it hands over, the round-trip
    loader for special files (docs/yaml-lesen.md)."""
    stand = None
    try:
        vorher_ns = time.time_ns()
        st = os.lstat(pfad)  # before reading: a change meanwhile is seen next time
        roh = lies_bytes(pfad)
        stand = cache.Stand.gelesen(st, roh, vorher_ns)
        text, _, _ = yamldatei.als_text(pfad, roh)
        try:
            if len(roh) > MAX_BYTES:
                raise Sonderfall  # refused by the round-trip loader, with its message
            try:
                daten, zeilen = lade_rapid(text)
            except Sonderfall:
                daten, zeilen = lade_schnell(text)
        except Sonderfall:
            dokument = yamldatei.lade(pfad, roh)
            zeilen = yamldatei.Dokumentzeilen(dokument.daten)
            daten = yamldatei.klar(dokument.daten)
        return Roh(pfad, stand, daten, zeilen)
    except DatenFehler as exc:
        return Roh(pfad, stand, fehler=exc)
    except OSError as exc:  # vanished or unreadable meanwhile
        meldung = f"Datei nicht lesbar ({exc.strerror or 'E/A-Fehler'})"
        return Roh(pfad, fehler=DatenFehler(meldung, datei=pfad))


def pruefe(
    roh: Roh,
    kataloge: Kataloge,
    stichtag: date,
    mit_daten: bool = False,
    kontakt_tage: int = KONTAKT_TAGE,
) -> Eintrag:
    """Validate parsed data and compute what reports need of it: the case's row, its
    deadline items and its findings (with their lines, valid around ``stichtag``)."""
    if roh.fehler is not None:
        return Eintrag(roh.pfad.parent, roh.pfad.name, fehler=roh.fehler)
    zeilen = roh.zeilen
    assert zeilen is not None  # parsed without error
    fall, probleme = pruefe_daten(roh.daten, roh.pfad, kataloge, zeilen.zeile_von)
    unbekannt = [(p, zeilen.zeile_von(p)) for p in unbekannte_schluessel(roh.daten)]
    eintrag = Eintrag(roh.pfad.parent, roh.pfad.name, probleme=probleme, unbekannt=unbekannt)
    if fall is None:
        return eintrag
    eintrag.kopf = Fallkopf.von(fall)
    eintrag.zeile = listenzeile(fall)
    eintrag.fristen = tuple(fristen(fall, kataloge))
    eintrag.merkmale = merkmale(fall)
    gueltigkeit = Gueltigkeit()
    beobachtet = BeobachteterStichtag(stichtag, gueltigkeit)
    kontext = Pruefkontext(kataloge, beobachtet, kontakt_tage)
    eintrag.befunde = befunde_des_falls(REGELWERK, fall, kontext, zeilen.zeile_fuer)
    eintrag.gueltig_ab, eintrag.gueltig_bis = gueltigkeit.ab, gueltigkeit.bis
    if mit_daten:
        eintrag.daten_json = zlib.compress(fall.model_dump_json().encode(), 1)
    return eintrag


Gelesen = tuple[Path, cache.Stand | None, Eintrag]
Arbeit = tuple[Kataloge, date, bool, int]
"""What files are read with: catalogs, Stichtag, whether with the case's data, and the
workspace's ``[pruefen] kontakt_tage``."""


def lies(pfad: Path, arbeit: Arbeit) -> Gelesen:
    """Read and validate one case file: its state when read, and its entry."""
    roh = parse(pfad)
    return pfad, roh.stand, pruefe(roh, *arbeit)


_arbeit: Arbeit | None = None
"""A worker process's Arbeit (set once per process by ``_richte_ein``)."""


def _richte_ein(arbeit: Arbeit) -> None:
    global _arbeit
    _arbeit = arbeit
    gc.disable()  # the worker lives for one load


def _lies_teil(pfade: list[Path]) -> list[tuple[cache.Stand | None, Eintrag]]:
    assert _arbeit is not None
    return [lies(pfad, _arbeit)[1:] for pfad in pfade]


def lies_viele(pfade: list[Path], arbeit: Arbeit, melden: Fortschritt | None) -> Iterable[Gelesen]:
    """Read ``pfade``: in this process when few, else on every core (files in batches)."""
    kerne = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1, 4)
    if len(pfade) < PARALLEL_AB or kerne < 2:
        for i, pfad in enumerate(pfade, 1):
            yield lies(pfad, arbeit)
            if melden is not None and (i % 100 == 0 or i == len(pfade)):
                melden(i, len(pfade))
        return
    stueck = max(50, len(pfade) // (kerne * 8))
    teile = [pfade[i : i + stueck] for i in range(0, len(pfade), stueck)]
    fertig = 0
    with ProcessPoolExecutor(
        max_workers=kerne, initializer=_richte_ein, initargs=(arbeit,)
    ) as pool:
        for teil, ergebnisse in zip(teile, pool.map(_lies_teil, teile), strict=True):
            for pfad, (stand, eintrag) in zip(teil, ergebnisse, strict=True):
                yield pfad, stand, eintrag
            fertig += len(teil)
            if melden is not None:
                melden(fertig, len(pfade))
