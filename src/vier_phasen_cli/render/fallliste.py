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
    from vier_phasen_cli.render.tabelle import Spalte, spaltentabelle

    # With --pseudonym the name is the case's pseudonym: one column says it.
    mit_name = any(z["name"] != z["fall"] for z in zeilen)
    spalten = [
        Spalte("Fall"),
        Spalte("Name", True, 14, mit_titel=True),
        Spalte("SGB"),
        Spalte("Fachkraft", True, 10, mit_titel=True),
        Spalte("Phase"),
        Spalte("Prognose", True, 12, mit_titel=True),
        Spalte("Folgegespr."),
    ]
    prognosen = kataloge["integrationsprognosen"]
    aktiv = [z["status"] == "aktiv" for z in zeilen]
    # a closed case has no next conversation, whatever appointment it still records
    folge = [z["folgegespraech"] if a else None for z, a in zip(zeilen, aktiv, strict=True)]
    # Codes and days repeat across 10,000 cases: each is looked up or written once.
    prognose = [z["integrationsprognose"] for z in zeilen]
    bezeichnung = {c: prognosen.bezeichnung(c) if c else "–" for c in set(prognose)}
    tage = {t: deutsch(date.fromisoformat(t) if t else None) for t in set(folge)}
    werte = [
        [z["fall"] for z in zeilen],
        [z["name"] for z in zeilen],
        [z["rechtskreis"].removeprefix("SGB ") for z in zeilen],
        [z["fachkraft"] for z in zeilen],
        [str(z["phase"]) if a else "abg." for z, a in zip(zeilen, aktiv, strict=True)],
        [bezeichnung[c] for c in prognose],
        [tage[t] for t in folge],
    ]
    if not mit_name:
        del spalten[1], werte[1]
    stile = [None if a else "blass" for a in aktiv]
    return spaltentabelle(spalten, werte, stile, breite, farbe=farbe)
