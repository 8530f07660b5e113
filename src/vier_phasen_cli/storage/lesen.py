"""Reading all cases of a workspace for reports (``liste``, ``faellig``, ``pruefen``), fast.

A report must not parse unchanged files again: what a file yields for reports (its row, its
deadline items, its findings with their lines, its problems) is kept in the workspace's
cache. Files that are new or changed are read with the fast loader (LibYAML), on both cores
when there are many, and validated with the garbage collector paused. Nothing here writes a
case file.
"""

from __future__ import annotations

import gc
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vier_phasen_cli.domain.gueltigkeit import Gueltigkeit
from vier_phasen_cli.fehler import DatenFehler
from vier_phasen_cli.storage import cache
from vier_phasen_cli.storage.ablage import Ablage

if TYPE_CHECKING:
    from vier_phasen_cli.domain.fristen import Fallkopf, Frist
    from vier_phasen_cli.domain.kataloge import Kataloge
    from vier_phasen_cli.domain.probleme import Pfad
    from vier_phasen_cli.storage.faelle import Dateiproblem

Fortschritt = Callable[[int, int], None]
"""Told how many of how many files have been read; the last call has both equal."""


@dataclass(slots=True)
class Eintrag:
    """What reports need of one case file, computed once per version of the file and kept
    in the workspace's cache: small, so that 10,000 of them load in a blink."""

    ordner: Path
    name: str
    """The file is ``ordner / name`` (kept apart: 100,000 Path objects cost a report time)."""
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
    gueltig_ab: date | None = None
    gueltig_bis: date | None = None
    """… on the Stichtage for which they were computed to hold (None: unbounded)."""
    daten_json: bytes = b""
    """The validated case as JSON (zlib), for ``liste --format json``; only computed when
    asked for (it is the costliest part of an entry)."""

    @property
    def pfad(self) -> Path:
        return self.ordner / self.name

    def gilt_am(self, stichtag: date) -> bool:
        """Whether the cached findings hold on ``stichtag``."""
        return Gueltigkeit(self.gueltig_ab, self.gueltig_bis).umfasst(stichtag)

    def als_fehler(self) -> DatenFehler | None:
        """What keeps the file out of ``liste`` and ``faellig`` (``pruefen`` reports each
        problem as a finding instead), or None for a usable case."""
        if self.fehler is not None:
            return self.fehler
        if not self.probleme:
            return None
        from vier_phasen_cli.storage.faelle import als_fehler

        return als_fehler(self.pfad, self.probleme)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled for the cache as one flat tuple, without the path (the cache's key)."""
        felder = (self.fehler, self.probleme, self.unbekannt, self.kopf, self.zeile)
        gueltig = (self.gueltig_ab, self.gueltig_bis)
        return (_eintrag, (*felder, self.fristen, self.befunde, *gueltig, self.daten_json))

    def daten(self) -> Any:
        """The validated case as JSON data (ISO dates), as ``zeige --format json`` gives it."""
        import orjson

        return orjson.loads(zlib.decompress(self.daten_json)) if self.daten_json else None


_OHNE_ORDNER = Path()


def _eintrag(*felder: Any) -> Eintrag:
    """An entry from the cache; its folder and name are set by whoever asked for the file."""
    return Eintrag(_OHNE_ORDNER, "", *felder)


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
    if pfade is None:
        ordner = ablage.faelle
        dateien = [(ordner, name) for name in ablage.fall_namen()]
    else:
        dateien = sorted((p.parent, p.name) for p in pfade)
    gc_war_an = gc.isenabled()
    gc.disable()  # loading and validating create many objects; the collector would walk them
    try:
        speicher = cache.Cache.lade(ablage.intern, kataloge.kennung, mit_cache)
        ergebnis: list[Eintrag | None] = [None] * len(dateien)
        zu_lesen: list[int] = []
        texte: dict[Path, str] = {}
        for i, (ordner, name) in enumerate(dateien):
            text = texte.get(ordner) or texte.setdefault(ordner, str(ordner))
            eintrag = speicher.hole(name, f"{text}/{name}") if mit_cache else None
            if (
                eintrag is not None
                and (not befunde or eintrag.gilt_am(stichtag))
                and (not daten or eintrag.daten_json)
            ):
                eintrag.ordner, eintrag.name = ordner, name
                ergebnis[i] = eintrag
            else:
                zu_lesen.append(i)
        if zu_lesen:
            melden = fortschritt(len(zu_lesen)) if fortschritt is not None else None
            from vier_phasen_cli.storage.einlesen import lies_viele

            wege = [dateien[i][0] / dateien[i][1] for i in zu_lesen]
            gelesen = lies_viele(wege, (kataloge, stichtag, daten), melden)
            for i, (pfad, stand, eintrag) in zip(zu_lesen, gelesen, strict=True):
                eintrag.ordner, eintrag.name = pfad.parent, pfad.name
                ergebnis[i] = eintrag
                if stand is not None:
                    speicher.lege_ab(pfad.name, stand, eintrag)
        if mit_cache:
            # A full run forgets removed files; a run over some files keeps the others.
            behalten = {name for _, name in dateien} if pfade is None else None
            speicher.speichere(ablage.intern, behalten)
    finally:
        # What was read lives until the report is printed: the collector need not scan it
        # again and again while the report creates its lines.
        gc.freeze()
        if gc_war_an:
            gc.enable()
    return [e for e in ergebnis if e is not None]
