"""Time the reports over 1,000 / 10,000 / 100,000 synthetic cases, cold and warm.

    python benchmarks/miss.py [--groessen 1000,10000,100000] [--laeufe 5] [--ordner DIR]
                              [--befehle faellig,pruefen,liste] [--folgelaeufe]

For each size a workspace is generated once (benchmarks/erzeuge.py, seeded) under DIR. Each
command runs as the installed console script in a fresh process, as a user runs it:
"kalt" with the workspace's cache removed before every run, "warm" right after a run. With
``--folgelaeufe`` also "nach kalt" (the first run after a cold run: what the cache written by
a cold run is worth) and "1 Datei geändert" (one case file edited, size and all, before the
run). The floor is reading every case file's bytes in Python (page cache warm, like the runs). Every
figure is the median of the runs; "Spitze" is the peak resident memory of the command
(including its worker processes). Prints a Markdown table for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from erzeuge import erzeuge

VERVOLLSTAENDIGUNGEN = [
    ("Vervollständigung: Fall-IDs (`zeige <Tab>`)", "vier-phasen zeige "),
    (
        "Vervollständigung: Fachkräfte (`faellig --fachkraft <Tab>`)",
        "vier-phasen faellig --fachkraft ",
    ),
    (
        "Vervollständigung: Regelcodes (`pruefen --auswahl V<Tab>`)",
        "vier-phasen pruefen --auswahl V",
    ),
]
"""Shell completion as bash asks for it; the Fachkräfte come from the cache a report wrote."""
BEFEHLE: list[tuple[str, list[str]]] = [
    ("faellig --format json", ["faellig", "--format", "json", "--stichtag", "2026-12-01"]),
    ("pruefen --format json", ["pruefen", "--format", "json", "--stichtag", "2026-12-01"]),
    ("liste --format json", ["liste", "--format", "json"]),
    ("statistik --format json", ["statistik", "--format", "json", "--stichtag", "2026-12-01"]),
]
PROGRAMM = Path(sys.executable).with_name("vier-phasen")
CACHES = ("cache.sqlite", "cache.pickle")
"""The reports' cache of case files, by the name of each version (removed for "kalt")."""


def _umgebung() -> dict[str, str]:
    umgebung = dict(os.environ)
    umgebung.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed tool has its bytecode
    umgebung.pop("VIER_PHASEN_ABLAGE", None)
    return umgebung


def _lauf(args: list[str], zusatz: dict[str, str] | None = None) -> tuple[float, float]:
    """Seconds and peak memory (MiB) of one run of the console script."""
    anfang = time.perf_counter()
    prozess = subprocess.Popen(
        [str(PROGRAMM), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**_umgebung(), **(zusatz or {})},
    )
    _, status, verbrauch = os.wait4(prozess.pid, 0)
    dauer = time.perf_counter() - anfang
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(args)} endete mit Status {status}")
    return dauer, verbrauch.ru_maxrss / 1024


def _median(laeufe: int, messung: Callable[[], tuple[float, float]]) -> tuple[float, float]:
    ergebnisse = [messung() for _ in range(laeufe)]
    return statistics.median(e[0] for e in ergebnisse), max(e[1] for e in ergebnisse)


def _boden(ordner: Path, laeufe: int) -> float:
    def lies() -> tuple[float, float]:
        anfang = time.perf_counter()
        with os.scandir(ordner / "cases") as eintraege:
            for e in eintraege:
                with open(e.path, "rb") as f:
                    f.read()
        return time.perf_counter() - anfang, 0.0

    lies()
    return _median(laeufe, lies)[0]


def _ablage(wurzel: Path, anzahl: int) -> Path:
    ordner = wurzel / f"faelle-{anzahl}"
    if not (ordner / "cases").is_dir() or len(os.listdir(ordner / "cases")) != anzahl:
        shutil.rmtree(ordner, ignore_errors=True)
        print(f"Erzeuge {anzahl} Fälle in {ordner} …", file=sys.stderr)
        erzeuge(ordner, anzahl)
    return ordner


def _ohne_cache(ordner: Path) -> None:
    for name in CACHES:
        (ordner / ".vier-phasen" / name).unlink(missing_ok=True)


_BEARBEITET = [0]


def _bearbeite(ordner: Path) -> None:
    """Edit one case file as a user would (a comment line more: size and times change)."""
    _BEARBEITET[0] += 1
    namen = sorted(os.listdir(ordner / "cases"))
    with open(ordner / "cases" / namen[_BEARBEITET[0] % len(namen)], "a", encoding="utf-8") as f:
        f.write(f"# bearbeitet {_BEARBEITET[0]}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--groessen", default="1000,10000,100000")
    parser.add_argument("--laeufe", type=int, default=5)
    parser.add_argument("--ordner", type=Path, default=Path("/tmp/vier-phasen-benchmark"))
    parser.add_argument("--befehle", default="faellig,pruefen,liste")
    parser.add_argument("--folgelaeufe", action="store_true")
    args = parser.parse_args()
    groessen = [int(g) for g in args.groessen.split(",")]
    befehle = [(n, b) for n, b in BEFEHLE if b[0] in args.befehle.split(",")]

    zeilen = [
        "| Messung | Fälle | Sekunden | × Boden | Spitze MiB |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    hilfe, hilfe_mib = _median(args.laeufe, lambda: _lauf(["--help"]))
    zeilen.append(f"| `vier-phasen --help` | – | {hilfe:.3f} | – | {hilfe_mib:.0f} |")
    for anzahl in groessen:
        ordner = _ablage(args.ordner, anzahl)
        boden = _boden(ordner, args.laeufe)
        zeilen.append(f"| Boden: alle Dateien lesen | {anzahl} | {boden:.3f} | 1.0 | – |")
        kalt_laeufe = args.laeufe if anzahl < 100_000 else min(args.laeufe, 2)
        for name, befehl in befehle:
            voll = ["--ablage", str(ordner), *befehl]

            def kalt(voll: list[str] = voll, ordner: Path = ordner) -> tuple[float, float]:
                _ohne_cache(ordner)
                return _lauf(voll)

            def warm(voll: list[str] = voll) -> tuple[float, float]:
                return _lauf(voll)

            def nach_kalt(voll: list[str] = voll) -> tuple[float, float]:
                kalt(voll)
                return _lauf(voll)

            def geaendert(voll: list[str] = voll, ordner: Path = ordner) -> tuple[float, float]:
                _lauf(voll)
                _bearbeite(ordner)
                return _lauf(voll)

            messungen: list[tuple[str, Callable[[], tuple[float, float]], int]] = [
                ("kalt", kalt, kalt_laeufe),
                ("warm", warm, args.laeufe),
            ]
            if args.folgelaeufe:
                messungen += [
                    ("nach kalt", nach_kalt, kalt_laeufe),
                    ("1 Datei geändert", geaendert, args.laeufe),
                ]
            for art, messung, laeufe in messungen:
                sekunden, mib = _median(laeufe, messung)
                zeilen.append(
                    f"| `{name}` {art} | {anzahl} | {sekunden:.3f} | "
                    f"{sekunden / boden:.0f} | {mib:.0f} |"
                )
                print(zeilen[-1], file=sys.stderr)
        for name, zeile in VERVOLLSTAENDIGUNGEN:
            zusatz = {
                "_VIER_PHASEN_COMPLETE": "bash_complete",
                "COMP_LINE": zeile,
                "VIER_PHASEN_ABLAGE": str(ordner),
            }
            sekunden, mib = _median(args.laeufe, lambda zusatz=zusatz: _lauf([], zusatz))
            zeilen.append(f"| {name} | {anzahl} | {sekunden:.3f} | – | {mib:.0f} |")
            print(zeilen[-1], file=sys.stderr)
    print("\n".join(zeilen))


if __name__ == "__main__":
    main()
