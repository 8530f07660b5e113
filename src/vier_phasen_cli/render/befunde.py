"""Findings and rules for people (Rich text), for scripts (JSON, SPEC §5) and for the README."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import groupby
from typing import Any

from vier_phasen_cli.domain.befund import Befund, Regel
from vier_phasen_cli.domain.fristen import Fallkopf

FARBE = {"fehler": "bold red", "warnung": "yellow", "hinweis": "cyan"}


def _zahl(n: int, einzahl: str, mehrzahl: str) -> str:
    return f"{n} {einzahl if n == 1 else mehrzahl}"


def zusammenfassung(dateien: int, befunde: Sequence[Befund]) -> str:
    """``14 Fälle geprüft: 5 Fehler, 3 Warnungen, 1 Hinweis.``"""
    zaehler = {s: sum(1 for b in befunde if b.schwere == s) for s in FARBE}
    teile = [
        _zahl(zaehler["fehler"], "Fehler", "Fehler"),
        _zahl(zaehler["warnung"], "Warnung", "Warnungen"),
        _zahl(zaehler["hinweis"], "Hinweis", "Hinweise"),
    ]
    rest = ", ".join(teile) if befunde else "keine Befunde"
    return f"{_zahl(dateien, 'Fall', 'Fälle')} geprüft: {rest}."


def als_json(stichtag: date, dateien: int, befunde: Sequence[Befund]) -> dict[str, Any]:
    return {
        "stichtag": stichtag.isoformat(),
        "befunde": [
            {
                "fall": b.fall,
                "datei": b.datei,
                "zeile": b.zeile,
                "code": b.code,
                "schwere": b.schwere,
                "meldung": b.meldung,
                "fundstelle": b.fundstelle,
            }
            for b in befunde
        ],
        "zusammenfassung": {
            "faelle": dateien,
            "fehler": sum(1 for b in befunde if b.schwere == "fehler"),
            "warnungen": sum(1 for b in befunde if b.schwere == "warnung"),
            "hinweise": sum(1 for b in befunde if b.schwere == "hinweis"),
        },
    }


def als_text(befunde: Sequence[Befund], faelle: dict[str, Fallkopf]) -> Any:
    """Findings grouped by case file, one line each: ``datei:zeile: CODE schwere: … [3.3.1]``."""
    from rich.console import Group
    from rich.text import Text

    teile: list[Any] = []
    for datei, gruppe in groupby(befunde, key=lambda b: b.datei):
        fall = faelle.get(datei)
        kopf = Text(style="bold")
        if fall is not None:
            kopf.append(f"{fall.id} · ").append(fall.name).append(" · ").append(fall.fachkraft)
        else:
            kopf.append(f"{datei} (nicht lesbar)")
        if teile:
            teile.append(Text(""))
        teile.append(kopf)
        for b in gruppe:
            zeile = Text(f"  {b.datei}:{b.zeile}: ")
            zeile.append(b.code, style=FARBE[b.schwere]).append(" ")
            zeile.append(b.schwere, style=FARBE[b.schwere]).append(": ").append(b.meldung)
            if b.fundstelle:
                zeile.append(f"  [{b.fundstelle}]", style="dim")
            teile.append(zeile)
    return Group(*teile)


def regeln_json(regeln: Sequence[Regel]) -> list[dict[str, Any]]:
    return [
        {"code": r.code, "schwere": r.schwere, "fundstelle": r.fundstelle, "titel": r.titel}
        for r in regeln
    ]


def regeln_markdown(regeln: Sequence[Regel]) -> str:
    zeilen = ["| Code | Schwere | Fundstelle | Prüft |", "| --- | --- | --- | --- |"]
    for r in regeln:
        zeilen.append(f"| {r.code} | {r.schwere} | {r.fundstelle or '–'} | {r.titel} |")
    return "\n".join(zeilen) + "\n"


def regeln_tabelle(regeln: Sequence[Regel]) -> Any:
    from rich.box import SIMPLE_HEAD
    from rich.table import Table
    from rich.text import Text

    tabelle = Table(
        box=SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), header_style="bold"
    )
    tabelle.add_column("Code", no_wrap=True)
    tabelle.add_column("Schwere", no_wrap=True)
    tabelle.add_column("Fundstelle", no_wrap=True)
    tabelle.add_column("Prüft", overflow="fold")
    for r in regeln:
        tabelle.add_row(
            r.code, Text(r.schwere, style=FARBE[r.schwere]), r.fundstelle or "–", r.titel
        )
    return tabelle
