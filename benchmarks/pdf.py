"""Time printable documents (SPEC §12): seconds per PDF in a fresh process, and its size.

    python benchmarks/pdf.py [--laeufe 5] [--ablage cases]

Each document of the demo workspace is made by the installed console script in a fresh
process, as a caseworker runs it ("Prozess", Python start included), once as Markdown and
once as PDF, so the difference is what typesetting costs. "Setzen" is the typesetting alone
(Markdown → Typst → PDF, in this process, after a first warm-up document). Figures are
medians of ``--laeufe`` runs, wall clock and, steadier on a shared machine, CPU time
(user + system) of the process; prints a Markdown table for benchmarks/README.md.
Target (issue 17): a two-page Eingliederungsvereinbarung in ≤ 1 s including start.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pypdf

from vier_phasen_cli.render.pdf import Druckangaben, setze_pdf

PROGRAMM = Path(sys.executable).with_name("vier-phasen")
DOKUMENTE: list[tuple[str, list[str]]] = [
    ("Eingliederungsvereinbarung", ["dokument", "911A100001", "vereinbarung"]),
    ("Kooperationsplan", ["dokument", "911A100004", "vereinbarung"]),
    ("Beratungsvermerk", ["dokument", "911A100002", "beratungsvermerk"]),
    ("Auskunft", ["dokument", "911A100006", "auskunft"]),
    ("Fristenbericht (faellig)", ["faellig", "--stichtag", "2026-12-01"]),
]


def _umgebung() -> dict[str, str]:
    umgebung = dict(os.environ, VIER_PHASEN_HEUTE="2026-12-01")
    umgebung.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed tool has its bytecode
    umgebung.pop("VIER_PHASEN_ABLAGE", None)
    return umgebung


def _cpu() -> float:
    verbrauch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return verbrauch.ru_utime + verbrauch.ru_stime


def _lauf(args: list[str], ziel: Path | None) -> tuple[float, float, bytes]:
    """Seconds and CPU seconds of one run of the console script (writing a new ``ziel``),
    and its stdout."""
    if ziel is not None:
        ziel.unlink(missing_ok=True)
    anfang, cpu = time.perf_counter(), _cpu()
    ergebnis = subprocess.run(
        [str(PROGRAMM), *args], capture_output=True, env=_umgebung(), check=False
    )
    dauer, cpu = time.perf_counter() - anfang, _cpu() - cpu
    if ergebnis.returncode != 0:
        raise SystemExit(f"{' '.join(args)}: {ergebnis.stderr.decode()}")
    return dauer, cpu, ergebnis.stdout


def _median(args: list[str], laeufe: int, ziel: Path | None = None) -> tuple[str, bytes]:
    """ "seconds (CPU seconds)" as medians of ``laeufe`` runs, and the last run's stdout."""
    _lauf(args, ziel)  # bytecode and page cache as in daily use
    ergebnisse = [_lauf(args, ziel) for _ in range(laeufe)]
    dauer = statistics.median(d for d, _, _ in ergebnisse)
    cpu = statistics.median(c for _, c, _ in ergebnisse)
    return f"{dauer:.3f} ({cpu:.3f})", ergebnisse[-1][2]


def _setzen(markdown: str, laeufe: int) -> float:
    angaben = Druckangaben("Messung", date(2026, 12, 1), {"name": "Agentur", "anschrift": "x"})
    setze_pdf(markdown, angaben)
    zeiten = []
    for _ in range(laeufe):
        anfang = time.perf_counter()
        setze_pdf(markdown, angaben)
        zeiten.append(time.perf_counter() - anfang)
    return statistics.median(zeiten)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--laeufe", type=int, default=5)
    parser.add_argument("--ablage", type=Path, default=Path("cases"))
    optionen = parser.parse_args()
    ablage = ["--ablage", str(optionen.ablage)]
    print(
        "| Dokument | Seiten | Bytes | Markdown s (CPU s), Prozess | PDF s (CPU s), Prozess "
        "| Setzen s |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory(prefix="pdf-messung-") as ordner:
        for name, args in DOKUMENTE:
            md_s, markdown = _median([*ablage, *args, "--format", "markdown"], optionen.laeufe)
            ziel = Path(ordner) / "d.pdf"
            pdf = [*ablage, *args, "--format", "pdf", "-o", str(ziel)]
            pdf_s, _ = _median(pdf, optionen.laeufe, ziel)
            seiten = len(pypdf.PdfReader(ziel).pages)
            setzen = _setzen(markdown.decode(), optionen.laeufe)
            print(
                f"| {name} | {seiten} | {ziel.stat().st_size} | {md_s} | {pdf_s} | {setzen:.3f} |"
            )


if __name__ == "__main__":
    main()
