"""Page 1 of the demo Eingliederungsvereinbarung as the PNG the README shows.

The PDF is made by the command a caseworker runs (`dokument 911A100001 vereinbarung --format
pdf`), then its first page is rasterised with PDFium (`pypdfium2`, a dev dependency): the
picture is the PDF, not a second rendering. Run from the repository root:

    VIER_PHASEN_HEUTE=2026-12-01 .venv/bin/python docs/bilder/erzeuge.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2

from vier_phasen_cli.cli.app import main

ZIEL = Path(__file__).with_name("vereinbarung-seite1.png")
SKALA = 1.0
"""72 dpi: an A4 page is 595 × 842 pixels, readable in the README without zooming."""

with tempfile.TemporaryDirectory() as ordner:
    pdf = Path(ordner) / "vereinbarung.pdf"
    befehl = ["--ablage", "cases", "dokument", "911A100001", "vereinbarung", "--format", "pdf"]
    status = main([*befehl, "-o", str(pdf)])
    if status != 0:
        sys.exit(status)
    dokument = pypdfium2.PdfDocument(pdf)
    dokument[0].render(scale=SKALA).to_pil().save(ZIEL, optimize=True)
    dokument.close()
print(f"Geschrieben: {ZIEL}")
