"""Times the merge driver (``vier-phasen git merge-driver``) on large hostile versions.

Each case: a small common version and ours, and theirs adding many entries – a new list of N
items, N new top-level keys, N new Eigenbemühungen (a list merged by ``nr``). Every run is the
installed console script in a fresh process, as git calls it; prints wall time, exit status
and whether the driver merged by data or fell back to git's line-by-line merge.

    .venv/bin/python benchmarks/zusammenfuehren.py [--groessen 500,2000,20000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SKRIPT = Path(sys.executable).parent / "vier-phasen"

BASIS = """\
format: 1
id: X1
kunde:
  name: Erika Beispiel
rechtskreis: SGB III
fachkraft: M. Schmidt
vereinbarung:
  art: eingliederungsvereinbarung
  eigenbemuehungen:
    - nr: 1
      text: Fünf Bewerbungen
      frist: 2026-11-30
      erledigt: null
"""
UNSERE = BASIS.replace("M. Schmidt", "K. Weber")


def neue_liste(n: int) -> str:
    return BASIS + "notizen:\n" + "".join(f"  - Eintrag Nummer {i}\n" for i in range(n))


def neue_schluessel(n: int) -> str:
    return BASIS + "".join(f"feld_{i}: wert {i}\n" for i in range(n))


def neue_eintraege(n: int) -> str:
    return BASIS + "".join(
        f"    - nr: {i}\n      text: Bewerbung {i}\n      frist: 2026-12-01\n"
        for i in range(2, n + 2)
    )


FAELLE: dict[str, Callable[[int], str]] = {
    "neue Liste": neue_liste,
    "neue Schlüssel": neue_schluessel,
    "neue Eigenbemühungen": neue_eintraege,
}


def miss(ordner: Path, ihre: str) -> tuple[float, int, str]:
    pfade = []
    for name, text in (("o", BASIS), ("a", UNSERE), ("b", ihre)):
        (ordner / name).write_text(text, encoding="utf-8")
        pfade.append(str(ordner / name))
    start = time.perf_counter()
    lauf = subprocess.run(
        [str(SKRIPT), "git", "merge-driver", *pfade, "cases/X1.yaml"],
        capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    dauer = time.perf_counter() - start
    art = "zeilenweise" if "Zeile für Zeile" in lauf.stderr else "nach Daten"
    return dauer, lauf.returncode, art


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groessen", default="500,2000,5000,20000,60000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, erzeuge in FAELLE.items():
            for n in (int(g) for g in args.groessen.split(",")):
                ihre = erzeuge(n)
                dauer, status, art = miss(Path(tmp), ihre)
                kb = len(ihre.encode()) / 1024
                print(f"{name:22} {n:>7} ({kb:7.1f} KB): {dauer:6.2f} s, Status {status}, {art}")


if __name__ == "__main__":
    main()
