"""One row per case for ``liste`` (``domain.fall.listenzeile``): its table and CSV forms."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
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


def als_tabelle(
    zeilen: Sequence[Mapping[str, Any]], kataloge: Kataloge, breite: int, farbe: bool
) -> Iterator[str]:
    """The rows (``listenzeile``) as table lines; closed cases dimmed, without a next
    conversation (the data keep the appointment: CSV and JSON show what the file says)."""
    from vier_phasen_cli.domain.datum import deutsch
    from vier_phasen_cli.render.tabelle import Spalte, tabelle

    # With --pseudonym the name is the case's pseudonym: one column says it.
    mit_name = any(z["name"] != z["fall"] for z in zeilen)
    spalten = [
        Spalte("Fall"),
        Spalte("Name", True, 14),
        Spalte("SGB"),
        Spalte("Fachkraft", True, 10),
        Spalte("Phase"),
        Spalte("Prognose", True, 12),
        Spalte("Folgegespr."),
    ]
    prognosen = kataloge["integrationsprognosen"]
    reihen = []
    for z in zeilen:
        prognose = z["integrationsprognose"]
        aktiv = z["status"] == "aktiv"
        folge = z["folgegespraech"]
        zellen = [
            z["fall"],
            z["name"],
            z["rechtskreis"].removeprefix("SGB "),
            z["fachkraft"],
            str(z["phase"]) if aktiv else "abg.",
            prognosen.bezeichnung(prognose) if prognose else "–",
            # a closed case has no next conversation, whatever appointment it still records
            deutsch(date.fromisoformat(folge) if folge and aktiv else None),
        ]
        if not mit_name:
            del zellen[1]
        reihen.append((zellen, None if aktiv else "blass"))
    if not mit_name:
        del spalten[1]
    return tabelle(spalten, reihen, breite, farbe=farbe)
