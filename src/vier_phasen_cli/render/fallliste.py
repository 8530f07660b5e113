"""One row per case for ``liste`` (``domain.fall.listenzeile``): its table and CSV forms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.render.csvdatei import csv_text

SPALTEN = (
    "fall",
    "name",
    "rechtskreis",
    "fachkraft",
    "status",
    "phase",
    "integrationsprognose",
    "zieloption",
    "folgegespraech",
)


def als_csv(zeilen: Sequence[Mapping[str, Any]]) -> str:
    return csv_text(SPALTEN, zeilen)


def als_tabelle(zeilen: Sequence[Mapping[str, Any]], kataloge: Kataloge) -> Any:
    """The rows (``listenzeile``) as a Rich table; closed cases dimmed."""
    from datetime import date

    from rich.box import SIMPLE_HEAD
    from rich.table import Table
    from rich.text import Text

    from vier_phasen_cli.domain.datum import deutsch

    tabelle = Table(
        box=SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", padding=(0, 1, 0, 0)
    )
    tabelle.add_column("Fall", no_wrap=True)
    tabelle.add_column("Name", overflow="fold", min_width=14)
    tabelle.add_column("SGB", no_wrap=True)
    tabelle.add_column("Fachkraft", overflow="fold")
    tabelle.add_column("Phase", no_wrap=True)
    tabelle.add_column("Prognose", overflow="fold", min_width=14)
    tabelle.add_column("Folgegespr.", no_wrap=True)
    for z in zeilen:
        prognose = z["integrationsprognose"]
        aktiv = z["status"] == "aktiv"
        folge = z["folgegespraech"]
        tabelle.add_row(
            z["fall"],
            Text(z["name"]),
            z["rechtskreis"].removeprefix("SGB "),
            Text(z["fachkraft"]),
            str(z["phase"]) if aktiv else "abg.",
            kataloge["integrationsprognosen"].bezeichnung(prognose) if prognose else "–",
            deutsch(date.fromisoformat(folge) if folge else None),
            style=None if aktiv else "dim",
        )
    return tabelle
