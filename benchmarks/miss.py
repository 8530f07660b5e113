"""Time the reports in every format over generated cases, and the interactive commands on
the demo, next to the floors measured in the same run.

    python benchmarks/miss.py [--groessen 10000] [--laeufe 5] [--ordner DIR]
                              [--teile berichte,folgen,interaktiv,kalt]

For each size a workspace is generated once (benchmarks/erzeuge.py, seeded) under DIR. Each
command runs as the installed console script in a fresh process, as a user runs it. Every
figure is the median of ``--laeufe`` runs, as wall time and as CPU time (user + system of the
command and its worker processes, from ``os.wait4``): the machine may be shared, and CPU
time is what the command costs, whatever else runs. "Spitze" is the peak resident memory.

Parts (``--teile``):

- ``berichte``: warm runs (nothing changed since the last run) of ``faellig`` in every
  format (tabelle, json, csv, markdown, ics), ``liste`` (tabelle, json, csv), ``pruefen``
  (text, json) and ``statistik``.
- ``folgen``: the first run after a cold one (``nach kalt``: what a cold run's cache is
  worth), and one edited case file: the run after the edit and the run after that.
- ``kalt``: ``faellig --format json`` with the cache removed (page cache warm).
- ``interaktiv``: on a copy of the demo workspace, ``zeige``, ``pruefen ID``, ``dokument ID
  vereinbarung``, ``neu`` (all options given) and the Erstgespräch from its start to its
  first question (in a pseudo-terminal, until the first prompt is written).

Floors: starting the interpreter; importing the command line (``vier_phasen_cli.cli.app``);
one ``stat`` per case file; reading every case file; reading the cache's rows (SQLite, no
decoding). Prints a Markdown table for benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from erzeuge import erzeuge

PROGRAMM = Path(sys.executable).with_name("vier-phasen")
REPO = Path(__file__).resolve().parent.parent
STICHTAG = ["--stichtag", "2026-11-23"]
CACHES = ("cache.sqlite", "cache.pickle")
"""The reports' cache of case files, by the name of each version (removed for "kalt")."""

BERICHTE: list[tuple[str, list[str]]] = [
    *(
        (f"faellig --format {f}", ["faellig", "--format", f, *STICHTAG])
        for f in ("tabelle", "json", "csv", "markdown", "ics")
    ),
    ("liste", ["liste"]),
    ("liste --format json", ["liste", "--format", "json"]),
    ("liste --format csv", ["liste", "--format", "csv"]),
    ("pruefen", ["pruefen", *STICHTAG]),
    ("pruefen --format json", ["pruefen", "--format", "json", *STICHTAG]),
    ("statistik", ["statistik", *STICHTAG]),
]
FOLGEBEFEHL = ["faellig", "--format", "json", *STICHTAG]
VERVOLLSTAENDIGUNGEN = [
    ("Vervollständigung: Fall-IDs (`zeige <Tab>`)", "vier-phasen zeige "),
    ("Vervollständigung: Fachkräfte (`faellig --fachkraft <Tab>`)",
     "vier-phasen faellig --fachkraft "),
    ("Vervollständigung: Regelcodes (`pruefen --auswahl V<Tab>`)",
     "vier-phasen pruefen --auswahl V"),
]  # fmt: skip
"""Shell completion as bash asks for it; the Fachkräfte come from the cache a report wrote."""

Messwert = tuple[float, float, float]
"""Wall seconds, CPU seconds, peak MiB."""


def _umgebung() -> dict[str, str]:
    umgebung = dict(os.environ)
    umgebung.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed tool has its bytecode
    umgebung.pop("VIER_PHASEN_ABLAGE", None)
    umgebung["VIER_PHASEN_HEUTE"] = "2026-11-23"
    umgebung["COLUMNS"] = "100"
    return umgebung


def _lauf(
    befehl: list[str], eingabe: int = subprocess.DEVNULL, zusatz: dict[str, str] | None = None
) -> Messwert:
    """Wall seconds, CPU seconds and peak memory (MiB) of one run of ``befehl`` (with the
    environment variables ``zusatz``)."""
    anfang = time.perf_counter()
    prozess = subprocess.Popen(
        befehl, stdin=eingabe, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**_umgebung(), **(zusatz or {})},
    )  # fmt: skip
    _, status, verbrauch = os.wait4(prozess.pid, 0)
    dauer = time.perf_counter() - anfang
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(befehl)} endete mit Status {status}")
    return dauer, verbrauch.ru_utime + verbrauch.ru_stime, verbrauch.ru_maxrss / 1024


def _vp(*args: str | Path) -> Messwert:
    return _lauf([str(PROGRAMM), *map(str, args)])


def _median(laeufe: int, messung: Callable[[], Messwert]) -> Messwert:
    return _mitte([messung() for _ in range(laeufe)])


def _mitte(ergebnisse: list[Messwert]) -> Messwert:
    """Median wall and CPU time, and the highest peak of memory."""
    return (
        statistics.median(e[0] for e in ergebnisse),
        statistics.median(e[1] for e in ergebnisse),
        max(e[2] for e in ergebnisse),
    )


def _im_prozess(arbeit: Callable[[], object]) -> Callable[[], Messwert]:
    """A floor measured in this process (wall and CPU time)."""

    def messung() -> Messwert:
        anfang, cpu = time.perf_counter(), time.process_time()
        arbeit()
        return time.perf_counter() - anfang, time.process_time() - cpu, 0.0

    return messung


def _stat_alle(ordner: Path) -> None:
    for name in os.listdir(ordner / "cases"):
        os.stat(ordner / "cases" / name)


def _lies_alle(ordner: Path) -> None:
    with os.scandir(ordner / "cases") as eintraege:
        for e in eintraege:
            with open(e.path, "rb") as f:
                f.read()


def _cache_zeilen(ordner: Path) -> None:
    db = sqlite3.connect(ordner / ".vier-phasen" / "cache.sqlite")
    try:
        db.execute(
            "SELECT name, groesse, mtime_ns, ctime_ns, inode, eintrag FROM dateien"
        ).fetchall()
        db.execute("SELECT * FROM fristen WHERE tag <= 739957").fetchall()  # 2026-12-07
    finally:
        db.close()


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
    with open(ordner / "cases" / namen[_BEARBEITET[0] * 37 % len(namen)], "a") as f:
        f.write(f"# bearbeitet {_BEARBEITET[0]}\n")


def _bis_zur_ersten_frage(befehl: list[str], merkmal: bytes = b"?") -> Messwert:
    """Seconds from the start of ``befehl`` in a pseudo-terminal until it has written
    ``merkmal`` (questionary's prompts begin with "?"); then it is stopped."""
    anfang = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execve(befehl[0], befehl, _umgebung())
    gesehen = b""
    dauer = float("nan")
    try:
        while time.perf_counter() - anfang < 30:
            bereit, _, _ = select.select([fd], [], [], 1)
            if not bereit:
                continue
            try:
                stueck = os.read(fd, 4096)
            except OSError:
                break
            if not stueck:
                break
            gesehen += stueck
            if merkmal in gesehen:
                dauer = time.perf_counter() - anfang
                break
    finally:
        os.kill(pid, signal.SIGKILL)
        _, _, verbrauch = os.wait4(pid, 0)
        os.close(fd)
    return dauer, verbrauch.ru_utime + verbrauch.ru_stime, verbrauch.ru_maxrss / 1024


class Tabelle:
    def __init__(self) -> None:
        self.zeilen = [
            "| Messung | Fälle | Sekunden | CPU s | Spitze MiB |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]

    def neu(self, name: str, anzahl: int | str, wert: Messwert) -> None:
        mib = f"{wert[2]:.0f}" if wert[2] else "–"
        self.zeilen.append(f"| {name} | {anzahl} | {wert[0]:.3f} | {wert[1]:.3f} | {mib} |")
        print(self.zeilen[-1], file=sys.stderr, flush=True)


def _groesse(tabelle: Tabelle, ordner: Path, anzahl: int, laeufe: int, teile: set[str]) -> None:
    ablage = ["--ablage", str(ordner)]
    _vp(*ablage, *FOLGEBEFEHL)  # the cache is complete
    tabelle.neu("Boden: `stat` jeder Falldatei", anzahl, _median(laeufe, _im_prozess(
        lambda: _stat_alle(ordner))))  # fmt: skip
    tabelle.neu("Boden: jede Falldatei lesen", anzahl, _median(laeufe, _im_prozess(
        lambda: _lies_alle(ordner))))  # fmt: skip
    tabelle.neu("Boden: Zeilen des Caches lesen", anzahl, _median(laeufe, _im_prozess(
        lambda: _cache_zeilen(ordner))))  # fmt: skip
    if "berichte" in teile:
        for name, befehl in BERICHTE:
            _vp(*ablage, *befehl)
            tabelle.neu(f"`{name}` warm", anzahl, _median(laeufe, lambda b=befehl: _vp(
                *ablage, *b)))  # fmt: skip
    for name, zeile in VERVOLLSTAENDIGUNGEN:
        zusatz = {
            "_VIER_PHASEN_COMPLETE": "bash_complete",
            "COMP_LINE": zeile,
            "VIER_PHASEN_ABLAGE": str(ordner),
        }
        tabelle.neu(name, anzahl, _median(laeufe, lambda z=zusatz: _lauf(
            [str(PROGRAMM)], zusatz=z)))  # fmt: skip
    if "kalt" in teile:

        def kalt() -> Messwert:
            _ohne_cache(ordner)
            return _vp(*ablage, *FOLGEBEFEHL)

        tabelle.neu("`faellig --format json` kalt", anzahl, _median(min(laeufe, 3), kalt))
    if "folgen" in teile:
        folgen: dict[str, list[Messwert]] = {}
        for _ in range(laeufe):
            _ohne_cache(ordner)
            _vp(*ablage, *FOLGEBEFEHL)
            time.sleep(0.1)
            folgen.setdefault("nach kalt", []).append(_vp(*ablage, *FOLGEBEFEHL))
            folgen.setdefault("warm", []).append(_vp(*ablage, *FOLGEBEFEHL))
            _bearbeite(ordner)
            folgen.setdefault("1 Datei geändert", []).append(_vp(*ablage, *FOLGEBEFEHL))
            folgen.setdefault("der Lauf danach", []).append(_vp(*ablage, *FOLGEBEFEHL))
        for name, werte in folgen.items():
            tabelle.neu(f"`faellig --format json` {name}", anzahl, _mitte(werte))


def _interaktiv(tabelle: Tabelle, wurzel: Path, laeufe: int) -> None:
    ordner = wurzel / "demo"
    shutil.rmtree(ordner, ignore_errors=True)
    shutil.copytree(REPO / "cases", ordner, ignore=shutil.ignore_patterns(".vier-phasen"))
    ablage = ["--ablage", str(ordner)]
    fall = "911A100001"
    _vp(*ablage, "faellig")
    befehle = [
        ("zeige ID", ["zeige", fall]),
        ("pruefen ID", ["pruefen", fall, *STICHTAG]),
        ("dokument ID vereinbarung", ["dokument", fall, "vereinbarung"]),
    ]
    for name, befehl in befehle:
        tabelle.neu(f"`{name}` (Demo)", "–", _median(laeufe, lambda b=befehl: _vp(*ablage, *b)))
    nummer = [0]

    def neu() -> Messwert:
        nummer[0] += 1
        return _vp(*ablage, "neu", f"911B{nummer[0]:06d}", "--name", "Erika Muster",
                   "--rechtskreis", "SGB II", "--fachkraft", "A. Wagner")  # fmt: skip

    tabelle.neu("`neu ID` mit allen Angaben (Demo)", "–", _median(laeufe, neu))

    def erstgespraech() -> Messwert:
        nummer[0] += 1
        return _bis_zur_ersten_frage(
            [str(PROGRAMM), *ablage, "erstgespraech", f"911C{nummer[0]:06d}"]
        )

    tabelle.neu("Erstgespräch: Start bis zur ersten Frage (Demo)", "–",
                _median(laeufe, erstgespraech))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groessen", default="10000")
    parser.add_argument("--laeufe", type=int, default=5)
    parser.add_argument("--ordner", type=Path, default=Path("/tmp/vier-phasen-benchmark"))
    parser.add_argument("--teile", default="berichte,folgen,interaktiv,kalt")
    args = parser.parse_args()
    teile = set(args.teile.split(","))
    tabelle = Tabelle()
    tabelle.neu("Boden: Interpreter starten", "–", _median(args.laeufe, lambda: _lauf(
        [sys.executable, "-c", "pass"])))  # fmt: skip
    tabelle.neu("Boden: Kommandozeile importieren", "–", _median(args.laeufe, lambda: _lauf(
        [sys.executable, "-c", "import vier_phasen_cli.cli.app"])))  # fmt: skip
    tabelle.neu("`vier-phasen --help`", "–", _median(args.laeufe, lambda: _vp("--help")))
    if "interaktiv" in teile:
        _interaktiv(tabelle, args.ordner, args.laeufe)
    for groesse in args.groessen.split(","):
        if groesse:
            anzahl = int(groesse)
            _groesse(tabelle, _ablage(args.ordner, anzahl), anzahl, args.laeufe, teile)
    print("\n".join(tabelle.zeilen))


if __name__ == "__main__":
    main()
