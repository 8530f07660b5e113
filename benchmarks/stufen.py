"""What reading one case file cold costs, stage by stage: CPU milliseconds per file.

    python benchmarks/stufen.py ABLAGE [--anzahl 2000] [--src SRC]

Runs each stage of a cold read (storage/einlesen.py) over the first ``--anzahl`` case files of
ABLAGE in this process, one stage after the other, with the garbage collector off (as in the
workers), and prints a Markdown table. ``--src`` measures another version's ``src`` folder
(e.g. ``git archive REV | tar -x -C DIR``). Stages run alone are cheaper than in the mixed
loop of ``einlesen.lies`` (the last row), whose data is not hot in the processor's caches.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

STICHTAG = date(2026, 12, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ablage", type=Path)
    parser.add_argument("--anzahl", type=int, default=2000)
    parser.add_argument("--src", type=Path, help="the src folder of another version")
    args = parser.parse_args()
    if args.src is not None:
        sys.path.insert(0, str(args.src.resolve()))
    from vier_phasen_cli.domain.befund import Pruefkontext, befunde_des_falls
    from vier_phasen_cli.domain.fall import listenzeile
    from vier_phasen_cli.domain.fallmerkmale import merkmale
    from vier_phasen_cli.domain.fristen import Fallkopf, fristen
    from vier_phasen_cli.domain.gueltigkeit import BeobachteterStichtag, Gueltigkeit
    from vier_phasen_cli.domain.regeln import REGELWERK
    from vier_phasen_cli.domain.schluessel import unbekannte_schluessel
    from vier_phasen_cli.storage import cache, einlesen, yamldatei
    from vier_phasen_cli.storage.faelle import pruefe_daten
    from vier_phasen_cli.storage.katalogdateien import lade_kataloge
    from vier_phasen_cli.storage.rohdaten import lies_bytes
    from vier_phasen_cli.storage.schnell import lade_schnell

    ordner = args.ablage / "cases"
    pfade = [ordner / name for name in sorted(os.listdir(ordner))[: args.anzahl]]
    kataloge = lade_kataloge(args.ablage / "catalogs")
    len(kataloge.alle)
    zeiten: dict[str, float] = {}

    def miss(name: str, stufe: Callable[[Any], Any], eingaben: list[Any]) -> list[Any]:
        anfang = time.process_time()
        ergebnisse = [stufe(x) for x in eingaben]
        zeiten[name] = (time.process_time() - anfang) / len(eingaben) * 1000
        return ergebnisse

    def lesen(pfad: Path) -> str:
        vorher = time.time_ns()
        st = os.stat(pfad)
        roh = lies_bytes(pfad)
        cache.Stand.gelesen(st, roh, vorher)
        return yamldatei.als_text(pfad, roh)[0]

    def regeln(fall_zeilen: tuple[Any, Any]) -> Any:
        beobachtet = BeobachteterStichtag(STICHTAG, Gueltigkeit())
        kontext = Pruefkontext(kataloge, beobachtet, 90)
        return befunde_des_falls(REGELWERK, fall_zeilen[0], kontext, fall_zeilen[1].zeile_fuer)

    gc.disable()
    for _ in range(2):  # the first round warms up
        texte = miss("stat, lesen, hashen, dekodieren", lesen, pfade)
        geparst = miss("LibYAML (storage/schnell.py)", lade_schnell, texte)
        try:
            from vier_phasen_cli.storage.rapidleser import lade_rapid
        except ImportError:
            pass
        else:
            geparst = miss("rapidyaml (storage/rapidleser.py)", lade_rapid, texte)
        faelle = miss(
            "pydantic-Modell und Katalogcodes (pruefe_daten)",
            lambda g: pruefe_daten(g[0][0], g[1], kataloge, g[0][1].zeile_von),
            list(zip(geparst, pfade, strict=True)),
        )
        miss(
            "unbekannte Schlüssel mit Zeilen",
            lambda g: [(p, g[1].zeile_von(p)) for p in unbekannte_schluessel(g[0])],
            geparst,
        )
        paare = [(f[0], g[1]) for f, g in zip(faelle, geparst, strict=True) if f[0] is not None]
        miss("Fallkopf und Listenzeile", lambda p: (Fallkopf.von(p[0]), listenzeile(p[0])), paare)
        miss("Fristen", lambda p: tuple(fristen(p[0], kataloge)), paare)
        miss("Merkmale (statistik)", lambda p: merkmale(p[0]), paare)
        miss("Regeln mit Zeilen", regeln, paare)
        miss(
            "einlesen.lies: alles zusammen",
            lambda p: einlesen.lies(p, (kataloge, STICHTAG, False, 90)),
            pfade,
        )
    print("| Stufe | ms je Datei |")
    print("| --- | ---: |")
    for name, ms in zeiten.items():
        print(f"| {name} | {ms:.3f} |")


if __name__ == "__main__":
    main()
