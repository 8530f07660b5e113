"""Options shared by several commands, defined once (as sqlite-utils does)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

Ausgabe = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="In diese Datei schreiben (nur für Sie lesbar: 0600) statt auf die Standardausgabe.",
        metavar="DATEI",
    ),
]


def format_option(*formate: str) -> Any:
    """The ``--format/-f`` option of a command that prints data (Typer shows the default)."""
    return typer.Option("--format", "-f", help=f"Ausgabeformat: {', '.join(formate)}.")


def datum_option(wert: str | None, option: str, heute: date) -> date | None:
    """Parse a date option as SPEC §5 allows (ISO, TT.MM.JJJJ, heute, +N)."""
    if wert is None or not wert.strip():
        return None
    from vier_phasen_cli.domain.datum import DatumsFehler, lies_datum
    from vier_phasen_cli.fehler import VierPhasenFehler

    try:
        return lies_datum(wert, heute)
    except DatumsFehler as exc:
        raise VierPhasenFehler(f"Ungültiger Wert für {option}: {exc}") from None
