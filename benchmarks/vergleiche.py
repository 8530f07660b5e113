"""Time the reports of two versions of the tool, interleaved, on 10,000 cases.

    python benchmarks/vergleiche.py ALT_SRC [--anzahl 10000] [--laeufe 5] [--ordner DIR]

ALT_SRC is the ``src`` folder of the other version (e.g. ``git archive REV | tar -x -C DIR``);
it runs through the installed console script with PYTHONPATH set, this checkout without.
Each version gets its own copy of the generated workspace (their caches differ). Per round
and version, ``faellig --format json``: "kalt" (cache removed), "nach kalt" (the next run),
"warm" (the next), "1 Datei geändert" (after one case file got a comment line) and "danach"
(the run after that); then each report of ``BERICHTE`` warm. Prints medians of wall time
and of CPU time (user + system, with worker processes): on a shared machine CPU time is the
steadier figure, and interleaving gives both versions the same load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from erzeuge import erzeuge

PROGRAMM = Path(sys.executable).with_name("vier-phasen")
STICHTAG = ["--stichtag", "2026-11-23"]
BEFEHL = ["faellig", "--format", "json", *STICHTAG]
CACHES = ("cache.sqlite", "cache.pickle")
FOLGE = ("kalt", "nach kalt", "warm", "1 Datei geändert", "danach")
BERICHTE = {
    **{f"faellig --format {f}": ["faellig", "--format", f, *STICHTAG]
       for f in ("tabelle", "csv", "markdown", "ics")},
    "liste": ["liste"],
    "liste --format json": ["liste", "--format", "json"],
    "pruefen": ["pruefen", *STICHTAG],
    "pruefen --format json": ["pruefen", "--format", "json", *STICHTAG],
}  # fmt: skip


def _lauf(ablage: Path, pythonpath: str | None, befehl: list[str] = BEFEHL) -> tuple[float, float]:
    """Seconds and CPU seconds of one run of the console script."""
    umgebung = dict(os.environ)
    umgebung.pop("PYTHONDONTWRITEBYTECODE", None)
    umgebung.pop("PYTHONPATH", None)
    if pythonpath is not None:
        umgebung["PYTHONPATH"] = pythonpath
    anfang = time.perf_counter()
    prozess = subprocess.Popen(
        [str(PROGRAMM), "--ablage", str(ablage), *befehl],
        stdout=subprocess.DEVNULL,
        env=umgebung,
    )
    _, status, verbrauch = os.wait4(prozess.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"vier-phasen endete mit Status {status}")
    return time.perf_counter() - anfang, verbrauch.ru_utime + verbrauch.ru_stime


def _bearbeite(ablage: Path, nummer: int) -> None:
    namen = sorted(os.listdir(ablage / "cases"))
    with open(ablage / "cases" / namen[nummer * 37 % len(namen)], "a", encoding="utf-8") as f:
        f.write(f"# bearbeitet {nummer}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("alt", type=Path, help="the src folder of the other version")
    parser.add_argument("--neu", type=Path, help="the src folder of this one (else the checkout)")
    parser.add_argument("--anzahl", type=int, default=10_000)
    parser.add_argument("--laeufe", type=int, default=5)
    parser.add_argument("--ordner", type=Path, default=Path("/tmp/vier-phasen-vergleich"))
    args = parser.parse_args()
    versionen = {"alt": str(args.alt.resolve()), "neu": args.neu and str(args.neu.resolve())}
    ablagen = {name: args.ordner / f"{name}-{args.anzahl}" for name in versionen}
    for ablage in ablagen.values():
        if not (ablage / "cases").is_dir() or len(os.listdir(ablage / "cases")) != args.anzahl:
            shutil.rmtree(ablage, ignore_errors=True)
            print(f"Erzeuge {args.anzahl} Fälle in {ablage} …", file=sys.stderr)
            erzeuge(ablage, args.anzahl)
    ergebnisse: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for runde in range(args.laeufe):
        for name, pythonpath in versionen.items():
            ablage = ablagen[name]
            for cache in CACHES:
                (ablage / ".vier-phasen" / cache).unlink(missing_ok=True)
            for messung in FOLGE:
                if messung == "1 Datei geändert":
                    _bearbeite(ablage, runde)
                ergebnisse.setdefault((name, messung), []).append(_lauf(ablage, pythonpath))
            for messung, befehl in BERICHTE.items():
                _lauf(ablage, pythonpath, befehl)  # a report may need parts not yet cached
                ergebnis = _lauf(ablage, pythonpath, befehl)
                ergebnisse.setdefault((name, messung), []).append(ergebnis)
    kopf = f"{args.anzahl} Fälle"
    print(f"| {kopf} | alt s | neu s | alt CPU s | neu CPU s |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for messung in [*(f"`faellig --format json` {m}" for m in FOLGE), *BERICHTE]:
        schluessel = messung.removeprefix("`faellig --format json` ")
        alt, neu = ergebnisse["alt", schluessel], ergebnisse["neu", schluessel]
        werte = [statistics.median(e[i] for e in reihe) for i in (0, 1) for reihe in (alt, neu)]
        name = messung if schluessel != messung else f"`{messung}` warm"
        print(f"| {name} | " + " | ".join(f"{w:.3f}" for w in werte) + " |")


if __name__ == "__main__":
    main()
