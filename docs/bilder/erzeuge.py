"""Page 1 of the demo Eingliederungsvereinbarung as the PNG the README shows.

Typeset exactly as `dokument 911A100001 vereinbarung --format pdf` does (same Markdown, same
Typst source), rendered to PNG by Typst. Run from the repository root:

    VIER_PHASEN_HEUTE=2026-12-01 .venv/bin/python docs/bilder/erzeuge.py
"""

from __future__ import annotations

import io
import sys
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

import typst

from vier_phasen_cli.cli.app import main
from vier_phasen_cli.render.pdf import Druckangaben, typst_quelle
from vier_phasen_cli.storage.ablage import oeffne_ablage

ZIEL = Path(__file__).with_name("vereinbarung-seite1.png")

puffer = io.StringIO()
with redirect_stdout(puffer):
    status = main(["--ablage", "cases", "dokument", "911A100001", "vereinbarung"])
if status != 0:
    sys.exit(status)

angaben = Druckangaben(
    titel="Eingliederungsvereinbarung – Sabine Krüger",
    datum=date(2026, 10, 1),
    dienststelle=oeffne_ablage(Path("cases")).einstellungen.dienststelle,
)
seiten = typst.compile(
    typst_quelle(puffer.getvalue(), angaben).encode(),
    format="png",
    ppi=72,
    ignore_system_fonts=True,
)
assert isinstance(seiten, list)
ZIEL.write_bytes(seiten[0])
print(f"Geschrieben: {ZIEL}")
