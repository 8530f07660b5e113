"""Reading all cases of a workspace for reports (``liste``, ``faellig``, ``pruefen``), fast.

A report must not parse unchanged files again: what a file yields for reports (its row, its
deadline items, its findings with their lines, its problems) is kept in the workspace's
cache. Files that are new or changed are read with the fast loader (LibYAML), on both cores
when there are many, and validated with the garbage collector paused. Nothing here writes a
case file.
"""

from __future__ import annotations

import gc
import os
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from vier_phasen_cli.domain.befund import Pruefkontext, befunde_des_falls
from vier_phasen_cli.domain.fall import listenzeile
from vier_phasen_cli.domain.fristen import Fallkopf, Frist, fristen
from vier_phasen_cli.domain.gueltigkeit import BeobachteterStichtag, Gueltigkeit
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.probleme import Pfad
from vier_phasen_cli.domain.regeln import REGELWERK
from vier_phasen_cli.domain.schluessel import unbekannte_schluessel
from vier_phasen_cli.fehler import DatenFehler
from vier_phasen_cli.storage import cache, yamldatei
from vier_phasen_cli.storage.ablage import Ablage
from vier_phasen_cli.storage.faelle import Dateiproblem, als_fehler, pruefe_daten
from vier_phasen_cli.storage.schnell import TRENNER, Sonderfall, lade_schnell

PARALLEL_AB = 400
"""From this many files to read, a second process pays for its start (≈ 0.2 s)."""


@dataclass(slots=True)
class Eintrag:
    """What reports need of one case file, computed once per version of the file and kept
    in the workspace's cache: small, so that 10,000 of them load in a blink."""

    pfad: Path
    fehler: DatenFehler | None = None
    """DA001: the file could not be read or parsed."""
    probleme: list[Dateiproblem] = field(default_factory=list)
    """DA002 (then there is no case), DA003, KA001."""
    unbekannt: list[tuple[Pfad, int]] = field(default_factory=list)
    """Unknown keys (DA004) with their lines."""
    kopf: Fallkopf | None = None
    zeile: dict[str, Any] | None = None
    """The case's row in ``liste``."""
    fristen: tuple[Frist, ...] = ()
    befunde: list[tuple[int, str, str]] = field(default_factory=list)
    """The rules' findings as (line, code, message) …"""
    gueltigkeit: Gueltigkeit = field(default_factory=Gueltigkeit)
    """… on the Stichtage for which they were computed to hold."""
    daten_json: bytes = b""
    """The validated case as JSON (zlib), for ``liste --format json``; only computed when
    asked for (it is the costliest part of an entry)."""

    def als_fehler(self) -> DatenFehler | None:
        """What keeps the file out of ``liste`` and ``faellig`` (``pruefen`` reports each
        problem as a finding instead), or None for a usable case."""
        if self.fehler is not None:
            return self.fehler
        return als_fehler(self.pfad, self.probleme) if self.probleme else None

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled for the cache as one flat tuple, without the path (the cache's key)."""
        g = self.gueltigkeit
        felder = (self.fehler, self.probleme, self.unbekannt, self.kopf, self.zeile)
        return (_eintrag, (*felder, self.fristen, self.befunde, g.ab, g.bis, self.daten_json))

    def daten(self) -> Any:
        """The validated case as JSON data (ISO dates), as ``zeige --format json`` gives it."""
        import orjson

        return orjson.loads(zlib.decompress(self.daten_json)) if self.daten_json else None


_OHNE_PFAD = Path()


def _eintrag(*felder: Any) -> Eintrag:
    """An entry from the cache; its path is set by whoever asked for the file."""
    fehler, probleme, unbekannt, kopf, zeile, fristen_, befunde, ab, bis, daten_json = felder
    return Eintrag(
        _OHNE_PFAD,
        fehler,
        probleme,
        unbekannt,
        kopf,
        zeile,
        fristen_,
        befunde,
        Gueltigkeit(ab, bis),
        daten_json,
    )


def packe_zeilen(zeilen: dict[Pfad, int]) -> str:
    """Line map as one string: cheap to keep and to load, unpacked only when needed."""
    return "\n".join(
        TRENNER.join(str(t) if isinstance(t, str) else f"#{t}" for t in pfad) + f"\t{zeile}"
        for pfad, zeile in zeilen.items()
    )


class Zeilenkarte:
    """Lookups in a packed line map without unpacking it: a case has hundreds of keys, a
    report asks for the lines of a few."""

    def __init__(self, text: str) -> None:
        self._text = "\n" + text + "\n"

    def zeile(self, pfad: Pfad) -> int | None:
        """The line of ``pfad`` if it exists in full."""
        schluessel = "\n" + TRENNER.join(t if isinstance(t, str) else f"#{t}" for t in pfad)
        schluessel += "\t"
        anfang = self._text.find(schluessel)
        if anfang < 0:
            return None
        anfang += len(schluessel)
        return int(self._text[anfang : self._text.index("\n", anfang)])

    def zeile_von(self, pfad: Pfad) -> int:
        """Like ``yamldatei.zeile_von``: the line of the deepest existing prefix of ``pfad``."""
        for laenge in range(len(pfad), 0, -1):
            zeile = self.zeile(pfad[:laenge])
            if zeile is not None:
                return zeile
        return 1

    def zeile_fuer(self, pfade: tuple[Pfad, ...]) -> int:
        """Like ``yamldatei.zeile_fuer``: the first path that exists in full, else the nearest
        to the first."""
        for pfad in pfade:
            zeile = self.zeile(pfad)
            if zeile is not None:
                return zeile
        return self.zeile_von(pfade[0]) if pfade else 1


def _zeilen_aus_rt(daten: Any) -> dict[Pfad, int]:
    """The line map of a round-trip document (files the fast loader leaves to it)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    zeilen: dict[Pfad, int] = {(): 1}
    stapel: list[tuple[Any, Pfad]] = [(daten, ())]
    while stapel:
        knoten, pfad = stapel.pop()
        if isinstance(knoten, CommentedMap):
            for k, v in knoten.items():
                unterpfad = (*pfad, str(k))
                zeilen[unterpfad] = yamldatei.zeile_von(knoten, (k,))
                stapel.append((v, unterpfad))
        elif isinstance(knoten, CommentedSeq):
            for i, v in enumerate(knoten):
                zeilen[(*pfad, i)] = yamldatei.zeile_von(knoten, (i,))
                stapel.append((v, (*pfad, i)))
    return zeilen


@dataclass
class Roh:
    """What parsing a file gives, before validation (what worker processes send back)."""

    pfad: Path
    stand: cache.Stand | None = None
    daten: Any = None
    zeilen_text: str = ""
    fehler: DatenFehler | None = None


def parse(pfad: Path) -> Roh:
    """Parse one case file: the fast loader, the round-trip loader for special files."""
    stand = None
    try:
        stand = cache.Stand.von(pfad)  # before reading: a change meanwhile is seen next time
        roh = yamldatei.lies_bytes(pfad)
        stand = stand.mit_inhalt(roh)
        text, _, _ = yamldatei.als_text(pfad, roh)
        try:
            if len(roh) > yamldatei.MAX_BYTES:
                raise Sonderfall  # refused by the round-trip loader, with its message
            daten, zeilen_text = lade_schnell(text)
        except Sonderfall:
            dokument = yamldatei.lade(pfad, roh)
            zeilen_text = packe_zeilen(_zeilen_aus_rt(dokument.daten))
            daten = yamldatei.klar(dokument.daten)
        return Roh(pfad, stand, daten, zeilen_text)
    except DatenFehler as exc:
        return Roh(pfad, stand, fehler=exc)
    except OSError as exc:  # vanished or unreadable meanwhile
        meldung = f"Datei nicht lesbar ({exc.strerror or 'E/A-Fehler'})"
        return Roh(pfad, fehler=DatenFehler(meldung, datei=pfad))


def pruefe(roh: Roh, kataloge: Kataloge, stichtag: date, mit_daten: bool = False) -> Eintrag:
    """Validate parsed data and compute what reports need of it: the case's row, its
    deadline items and its findings (with their lines, valid around ``stichtag``)."""
    if roh.fehler is not None:
        return Eintrag(roh.pfad, fehler=roh.fehler)
    zeilen = Zeilenkarte(roh.zeilen_text)
    fall, probleme = pruefe_daten(roh.daten, roh.pfad, kataloge, zeilen.zeile_von)
    unbekannt = [(p, zeilen.zeile_von(p)) for p in unbekannte_schluessel(roh.daten)]
    eintrag = Eintrag(roh.pfad, probleme=probleme, unbekannt=unbekannt)
    if fall is None:
        return eintrag
    eintrag.kopf = Fallkopf.von(fall)
    eintrag.zeile = listenzeile(fall)
    eintrag.fristen = tuple(fristen(fall, kataloge))
    beobachtet = BeobachteterStichtag(stichtag, eintrag.gueltigkeit)
    kontext = Pruefkontext(kataloge, beobachtet)
    eintrag.befunde = befunde_des_falls(REGELWERK, fall, kontext, zeilen.zeile_fuer)
    if mit_daten:
        eintrag.daten_json = zlib.compress(fall.model_dump_json().encode(), 1)
    return eintrag


Fortschritt = Callable[[int, int], None]
"""Told how many of how many files have been read; the last call has both equal."""


def lesbare(eintraege: Iterable[Eintrag]) -> tuple[list[Eintrag], list[DatenFehler]]:
    """The entries with a usable case, and an error for each file that keeps its case out
    of a report."""
    gut: list[Eintrag] = []
    fehler: list[DatenFehler] = []
    for eintrag in eintraege:
        problem = eintrag.als_fehler()
        if problem is not None:
            fehler.append(problem)
        elif eintrag.kopf is not None:
            gut.append(eintrag)
    return gut, fehler


def lies_alle(
    ablage: Ablage,
    kataloge: Kataloge,
    stichtag: date,
    *,
    pfade: Iterable[Path] | None = None,
    befunde: bool = False,
    daten: bool = False,
    mit_cache: bool = True,
    fortschritt: Callable[[int], Fortschritt | None] | None = None,
) -> list[Eintrag]:
    """What every case file of the workspace (or ``pfade``) yields, by file name.

    Unchanged files come from the cache; the others are parsed (on both cores when many),
    validated and then cached. With ``befunde`` the findings must hold on ``stichtag``:
    a file whose cached findings were computed for days that do not include it is read again;
    with ``daten`` each entry carries the case's data (``Eintrag.daten``).
    """
    dateien = sorted(pfade) if pfade is not None else ablage.fall_dateien()
    gc_war_an = gc.isenabled()
    gc.disable()  # loading and validating create many objects; the collector would walk them
    try:
        speicher = cache.Cache.lade(ablage.intern, kataloge.kennung, mit_cache)
        ergebnis: dict[Path, Eintrag] = {}
        zu_lesen: list[Path] = []
        for pfad in dateien:
            eintrag = speicher.hole(pfad) if mit_cache else None
            if (
                eintrag is not None
                and (not befunde or eintrag.gueltigkeit.umfasst(stichtag))
                and (not daten or eintrag.daten_json)
            ):
                eintrag.pfad = pfad
                ergebnis[pfad] = eintrag
            else:
                zu_lesen.append(pfad)
        if zu_lesen:
            melden = fortschritt(len(zu_lesen)) if fortschritt is not None else None
            for pfad, stand, eintrag in _lies(zu_lesen, (kataloge, stichtag, daten), melden):
                eintrag.pfad = pfad
                ergebnis[pfad] = eintrag
                if stand is not None:
                    speicher.lege_ab(pfad.name, stand, eintrag)
        if mit_cache:
            # A full run forgets removed files; a run over some files keeps the others.
            behalten = {p.name for p in dateien} if pfade is None else None
            speicher.speichere(ablage.intern, behalten)
    finally:
        # What was read lives until the report is printed: the collector need not scan it
        # again and again while the report creates its lines.
        gc.freeze()
        if gc_war_an:
            gc.enable()
    return [ergebnis[p] for p in dateien]


Gelesen = tuple[Path, cache.Stand | None, Eintrag]
Arbeit = tuple[Kataloge, date, bool]
"""What files are read with: catalogs, Stichtag, and whether with the case's data."""


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


def _lies(pfade: list[Path], arbeit: Arbeit, melden: Fortschritt | None) -> Iterable[Gelesen]:
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
