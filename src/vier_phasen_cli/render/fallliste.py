"""One row per case for ``liste``: the pure row, and its table, JSON and CSV forms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vier_phasen_cli.domain.fall import Fall, erreichte_phase
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


def listenzeile(fall: Fall) -> dict[str, Any]:
    """The row's values in machine form (codes, ISO dates)."""
    folge = fall.termine.folgegespraech if fall.termine else None
    return {
        "fall": fall.id,
        "name": fall.kunde.name,
        "rechtskreis": fall.rechtskreis,
        "fachkraft": fall.fachkraft,
        "status": fall.status,
        "phase": erreichte_phase(fall),
        "integrationsprognose": fall.integrationsprognose,
        "zieloption": fall.ziel.option if fall.ziel else None,
        "folgegespraech": folge.isoformat() if folge else None,
    }


def als_csv(faelle: Sequence[Fall]) -> str:
    return csv_text(SPALTEN, (listenzeile(f) for f in faelle))


def als_tabelle(faelle: Sequence[Fall], kataloge: Kataloge) -> Any:
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
    for fall in faelle:
        prognose = fall.integrationsprognose
        aktiv = fall.status == "aktiv"
        tabelle.add_row(
            fall.id,
            Text(fall.kunde.name),
            fall.rechtskreis.removeprefix("SGB "),
            Text(fall.fachkraft),
            str(erreichte_phase(fall)) if aktiv else "abg.",
            kataloge["integrationsprognosen"].bezeichnung(prognose) if prognose else "–",
            deutsch(fall.termine.folgegespraech if fall.termine else None),
            style=None if aktiv else "dim",
        )
    return tabelle
