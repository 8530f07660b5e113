"""Findings and rules for people (Rich text), for scripts (JSON, SPEC §5) and for the README."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from itertools import groupby
from typing import Any

from vier_phasen_cli.domain.befund import Befund, Regel
from vier_phasen_cli.domain.fristen import Fallkopf

FARBE = {"fehler": "bold red", "warnung": "yellow", "hinweis": "cyan"}
"""Rich styles per severity."""
_STIL = {"fehler": "fett-rot", "warnung": "gelb", "hinweis": "cyan"}
"""The same for plain text lines (``render.tabelle.FARBEN``)."""


def _zahl(n: int, einzahl: str, mehrzahl: str) -> str:
    return f"{n} {einzahl if n == 1 else mehrzahl}"


def befundzahlen(schweren: Iterable[str]) -> str:
    """``5 Fehler, 3 Warnungen, 1 Hinweis`` for the severities ``schweren`` (one a finding):
    the one way every summary counts findings."""
    liste = list(schweren)
    return ", ".join(
        _zahl(liste.count(schwere), einzahl, mehrzahl)
        for schwere, einzahl, mehrzahl in (
            ("fehler", "Fehler", "Fehler"),
            ("warnung", "Warnung", "Warnungen"),
            ("hinweis", "Hinweis", "Hinweise"),
        )
    )


def zusammenfassung(dateien: int, befunde: Sequence[Befund]) -> str:
    """``14 Fälle geprüft: 5 Fehler, 3 Warnungen, 1 Hinweis.``"""
    rest = befundzahlen(b.schwere for b in befunde) if befunde else "keine Befunde"
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


def als_text(
    befunde: Sequence[Befund],
    faelle: dict[str, Fallkopf],
    farbe: bool = False,
    breite: int | None = None,
) -> Iterator[str]:
    """Findings grouped by case file: ``datei:zeile: CODE schwere: … [3.3.1]``.

    Without ``breite`` each finding is one whole line (for grep, editors and pipes); with it
    (a terminal) a long finding continues on indented lines, broken between words. Case data
    is escaped: a name cannot carry terminal control sequences."""
    from vier_phasen_cli.domain.steuerzeichen import sicher_einzeilig as s
    from vier_phasen_cli.render.tabelle import farbig, umbrechen

    gesetzt: dict[tuple[str, str, str, str | None, int | None], list[str]] = {}

    def gesetzte_zeilen(b: Befund, raum: int | None) -> list[str]:
        """The finding's text as lines (wrapped to ``raum`` cells on a terminal) and
        coloured; a text that recurs across thousands of cases is laid out once."""
        schluessel = (b.code, b.schwere, b.meldung, b.fundstelle, raum)
        zeilen = gesetzt.get(schluessel)
        if zeilen is not None:
            return zeilen
        stil = _STIL[b.schwere]
        text = f"{b.code} {b.schwere}: {s(b.meldung)}"
        if b.fundstelle:
            text += f"  [{b.fundstelle}]"
        zeilen = [text] if raum is None else umbrechen(text, raum)
        # colour the code and severity at the start, the Fundstelle at the end
        kopfteil = f"{b.code} {b.schwere}"
        zeilen[0] = (
            farbig(b.code, stil, farbe)
            + " "
            + farbig(b.schwere, stil, farbe)
            + (zeilen[0][len(kopfteil) :])
        )
        if b.fundstelle and zeilen[-1].endswith(f"[{b.fundstelle}]"):
            ende = f"[{b.fundstelle}]"
            zeilen[-1] = zeilen[-1][: -len(ende)] + farbig(ende, "blass", farbe)
        gesetzt[schluessel] = zeilen
        return zeilen

    erste = True
    for datei, gruppe in groupby(befunde, key=lambda b: b.datei):
        fall = faelle.get(datei)
        if fall is not None:
            # with --pseudonym id and name are the same pseudonym: say it once
            wer = [fall.id] if fall.name == fall.id else [fall.id, fall.name]
            kopf = " · ".join(map(s, [*wer, fall.fachkraft]))
        else:
            kopf = f"{s(datei)} (nicht lesbar)"
        if not erste:
            yield ""
        erste = False
        yield farbig(kopf, "fett", farbe)
        ort_datei = s(datei)
        for b in gruppe:
            ort = f"  {ort_datei}:{b.zeile}: "
            raum = None if breite is None else max(breite - len(ort), 20)
            erste_zeile, *weitere = gesetzte_zeilen(b, raum)
            yield ort + erste_zeile
            for weiter in weitere:
                yield " " * len(ort) + weiter


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
