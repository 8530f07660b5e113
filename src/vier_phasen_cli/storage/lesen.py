"""Reading all cases of a workspace for reports (``liste``, ``faellig``, ``pruefen``), fast.

A report must not parse unchanged files again: what a file yields for reports (its row, its
deadline items, its findings with their lines, its problems) is kept in the workspace's
cache. Files that are new or changed are read with the fast loader (LibYAML), on both cores
when there are many, and validated with the garbage collector paused. Nothing here writes a
case file.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vier_phasen_cli.fehler import DatenFehler
from vier_phasen_cli.storage import cache
from vier_phasen_cli.storage.ablage import Ablage
from vier_phasen_cli.storage.eintrag import Eintrag

if TYPE_CHECKING:
    from vier_phasen_cli.domain.kataloge import Kataloge

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
    zeilen: bool = True,
    merkmale: bool = False,
    fristen: bool | date = True,
    mit_cache: bool = True,
    erneuern: bool = False,
    fortschritt: Callable[[int], Fortschritt | None] | None = None,
) -> list[Eintrag]:
    """What every case file of the workspace (or ``pfade``) yields, by file name.

    Unchanged files come from the cache; the others are parsed (on both cores when many),
    validated and then cached. With ``befunde`` the findings must hold on ``stichtag``:
    a file whose cached findings were computed for days that do not include it is read again;
    with ``daten`` each entry carries the case's data (``Eintrag.daten``). Entries from the
    cache carry their findings only with ``befunde``, their rows in ``liste`` only with
    ``zeilen``, what ``statistik`` counts only with ``merkmale`` (what a report does not
    use, it does not decode). Entries from the cache carry their deadline items only with
    ``fristen``; given a day, only those due by that day (the entries read from their files
    carry all). With ``erneuern`` every file is read again and its cache entry replaced.
    """
    if pfade is None:
        ordner = ablage.faelle
        dateien = [(ordner, name) for name in ablage.fall_namen()]
    else:
        dateien = sorted((p.parent, p.name) for p in pfade)
    # A name that is no UTF-8 (a Latin-1 "Müller.yaml" from an old share) cannot be a case
    # ID, a cache key or printed as it is: that file is reported, the others are read.
    kein_utf8 = [(o, n) for o, n in dateien if not _utf8(n)]
    if kein_utf8:
        dateien = [(o, n) for o, n in dateien if _utf8(n)]
    gc_war_an = gc.isenabled()
    gc.disable()  # loading and validating create many objects; the collector would walk them
    try:
        kontakt_tage = ablage.einstellungen.kontakt_tage
        speicher = cache.Cache.lade(
            ablage.eigener_ordner(),
            kataloge.kennung,
            mit_cache,
            daten=daten and not erneuern,  # renewing: no row is used, none decoded
            zeilen=zeilen and not erneuern,
            befunde=befunde and not erneuern,
            merkmale=merkmale and not erneuern,
            fristen=False if erneuern else fristen,
            vorgaben=f"kontakt_tage={kontakt_tage}",  # findings computed with another differ
        )
        ergebnis: list[Eintrag | None] = [None] * len(dateien)
        zu_lesen: list[int] = []
        texte: dict[Path, str] = {}
        for i, (ordner, name) in enumerate(dateien):
            text = texte.get(ordner) or texte.setdefault(ordner, str(ordner))
            eintrag = None if erneuern else speicher.hole(name, ordner, f"{text}/{name}")
            if (
                eintrag is not None
                and (not befunde or eintrag.gilt_am(stichtag))
                and (not daten or eintrag.daten_json)
            ):
                ergebnis[i] = eintrag
            else:
                zu_lesen.append(i)
        if zu_lesen:
            len(kataloge.alle)  # catalogs kept in the cache are checked here, not per worker
            melden = fortschritt(len(zu_lesen)) if fortschritt is not None else None
            from vier_phasen_cli.storage.einlesen import lies_viele

            wege = [dateien[i][0] / dateien[i][1] for i in zu_lesen]
            gelesen = lies_viele(wege, (kataloge, stichtag, daten, kontakt_tage), melden)
            for i, (pfad, stand, eintrag) in zip(zu_lesen, gelesen, strict=True):
                eintrag.ordner, eintrag.name = pfad.parent, pfad.name
                ergebnis[i] = eintrag
                if stand is not None and mit_cache:
                    speicher.lege_ab(stand, eintrag)
                # What the report does not use is let go (kept in the cache's form only):
                # a cold run over 100,000 files would hold it all until the report is done.
                if not zeilen:
                    eintrag.zeile = None
                if not befunde:
                    eintrag.befunde, eintrag.unbekannt = [], []
                    eintrag.gueltig_ab = eintrag.gueltig_bis = None
                if not merkmale:
                    eintrag.merkmale = None
                if fristen is False:
                    eintrag.fristen = ()
                elif fristen is not True:
                    eintrag.fristen = tuple(f for f in eintrag.fristen if f.faellig_am <= fristen)
        if mit_cache:
            if pfade is None:  # a full run forgets removed files; one over some keeps the others
                speicher.vergiss_ausser({name for _, name in dateien})
            speicher.speichere()
    finally:
        # What was read lives until the report is printed: the collector need not scan it
        # again and again while the report creates its lines.
        gc.freeze()
        if gc_war_an:
            gc.enable()
    return [e for e in ergebnis if e is not None] + [
        Eintrag(o, n, fehler=DatenFehler(
            "Dateiname ist nicht in UTF-8 kodiert", datei=o / n,
            hinweis="Bitte die Datei umbenennen: Fall-ID.yaml, nur Buchstaben, Ziffern, "
            "Punkt, Binde- und Unterstrich.",
        ))
        for o, n in kein_utf8
    ]  # fmt: skip


def falldaten(
    eintraege: Iterable[Eintrag],
    ablage: Ablage,
    kataloge: Kataloge,
    stichtag: date,
    kaputt: Callable[[DatenFehler], None],
) -> Iterator[dict[str, Any]]:
    """The case data of ``eintraege`` (read with ``daten``), each decoded as it is asked
    for. Where the cache held something that does not decode to a case, that one file is
    read again (without the cache: a damaged cache must not cost a cache load per file);
    should it no longer give a case, its error is handed to ``kaputt`` and the case left
    out. Once all are given, the cache entries of the files read again are replaced, in
    one write."""
    erneuern: list[Path] = []
    for eintrag in eintraege:
        daten = eintrag.daten()
        if daten is None:
            pfad = eintrag.ordner / eintrag.name
            neu = lies_alle(
                ablage, kataloge, stichtag, pfade=[pfad], daten=True, zeilen=False,
                fristen=False, mit_cache=False,
            )  # fmt: skip
            gut, fehler = lesbare(neu)
            for f in fehler:
                kaputt(f)
            daten = gut[0].daten() if gut else None
            erneuern.append(pfad)
        if daten is not None:
            yield daten
    if erneuern:
        lies_alle(
            ablage, kataloge, stichtag, pfade=erneuern, daten=True, zeilen=False, fristen=False,
            erneuern=True,
        )  # fmt: skip


def _utf8(name: str) -> bool:
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
