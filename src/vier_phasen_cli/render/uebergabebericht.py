"""The Übergabebericht (``uebergabe``) as a table, JSON (SPEC §16) and Markdown (template)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.fristen import ARTEN
from vier_phasen_cli.domain.steuerzeichen import sicher_einzeilig
from vier_phasen_cli.domain.uebergabe import Uebergabebericht, Uebergabefall
from vier_phasen_cli.render.jsondatei import json_text

_ART_TITEL = {a.art: a.titel for a in ARTEN}


def als_json(bericht: Uebergabebericht) -> str:
    return json_text(bericht.als_json())


def als_tabelle(bericht: Uebergabebericht, breite: int, farbe: bool) -> Iterator[str]:
    """Title, table (every word kept at any width, 80 columns included), summary."""
    from vier_phasen_cli.render.tabelle import Spalte, tabelle, umbrechen

    yield from umbrechen(sicher_einzeilig(bericht.titel()), breite)
    yield ""
    if bericht.faelle:
        spalten = [
            Spalte("Fall"),
            Spalte("Name", True, 12, mit_titel=True),
            Spalte("Fällig"),  # the next item: its date, and below (or beside) what it is
            Spalte("Was", True, 24, unterzeile=True),
            Spalte("Offen"),
            Spalte("Gespräch"),  # the last conversation
            Spalte("Fehler"),
            Spalte("Warnungen"),
        ]
        reihen = [(_zellen(f), "rot" if f.fehler else None) for f in bericht.faelle]
        yield from tabelle(spalten, reihen, breite, farbe=farbe)
        yield ""
    yield from umbrechen(bericht.zusammenfassung(), breite)


def _zellen(f: Uebergabefall) -> list[str]:
    frist = f.naechste_frist
    return [
        f.fall,
        f.name,
        deutsch(frist.faellig_am) if frist else "–",
        (f"{frist.text} [{frist.fundstelle}]" if frist.fundstelle else frist.text) if frist else "",
        str(f.offene_eintraege),
        deutsch(f.letztes_gespraech),
        str(f.fehler),
        str(f.warnungen),
    ]


def als_markdown(env: Any, bericht: Uebergabebericht, dienststelle: Mapping[str, str]) -> str:
    from vier_phasen_cli.render.datensatz import dienststelle_kontext
    from vier_phasen_cli.render.vorlagen import rendere

    faelle = []
    for f in bericht.faelle:
        frist = f.naechste_frist
        faelle.append(
            {
                "fall": f.fall,
                "name": f.name,
                "naechste_frist": frist.faellig_am if frist else None,
                "art": _ART_TITEL.get(frist.art, frist.art) if frist else None,
                "was": frist.text if frist else None,
                "fundstelle": frist.fundstelle if frist else None,
                "offene_eintraege": f.offene_eintraege,
                "letztes_gespraech": f.letztes_gespraech,
                "fehler": f.fehler,
                "warnungen": f.warnungen,
            }
        )
    kontext = {
        "titel": bericht.titel(),
        "datum": bericht.datum,
        "von": bericht.von,
        "an": bericht.an,
        "bis": bericht.bis,
        "faelle": faelle,
        "zusammenfassung": bericht.zusammenfassung(),
        "dienststelle": dienststelle_kontext(dienststelle),
    }
    return str(rendere(env, "uebergabe.md.j2", kontext))
