"""``statistik`` in every format: tables with bars (terminal), JSON (SPEC §13), CSV, Markdown.

Codes in JSON and CSV; the catalogs' Bezeichnungen for people. ``--geheimhaltung N`` hides
the counts 1 … N−1 of the groups: ``null`` in JSON, ``<N`` elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.kataloge import Kataloge
from vier_phasen_cli.domain.statistik import (
    DAUER,
    KATALOG_DER_GRUPPE,
    PROZESS,
    Median,
    Statistik,
    verborgen,
)
from vier_phasen_cli.render.csvdatei import csv_text
from vier_phasen_cli.render.jsondatei import json_text

GRUPPEN_TITEL: dict[str, str] = {
    "rechtskreis": "Rechtskreis",
    "fachkraft": "Fachkraft",
    "phase": "Phase",
    "integrationsprognose": "Integrationsprognose",
    "zieloption": "Zieloption",
    "handlungsbedarf": "Handlungsbedarf",
    "handlungsstrategie": "Handlungsstrategie",
    "abschlussgrund": "Abschlussgrund",
}
PHASE_TEXT: dict[str, str] = {
    "potenzialanalyse": "1 Potenzialanalyse",
    "ziel": "2 Ziel festlegen",
    "strategie": "3 Strategie(n) auswählen",
    "umsetzung": "4 Umsetzen und Nachhalten",
}
DAUER_TEXT: dict[str, str] = {
    "bis_vereinbarung_median": "Tage vom ersten Kontakt bis zur Vereinbarung (Median)",
    "seit_letztem_kontakt_median": "Tage seit dem letzten Gespräch (Median)",
}
BALKEN = " ▏▎▍▌▋▊▉█"
"""Eighths of a cell: a bar is as exact as the terminal's font allows."""


def prozess_text(kontakt_tage: int) -> dict[str, str]:
    return {
        "ohne_vereinbarung": "ohne Vereinbarung",
        "ueberpruefung_ueberfaellig": "Überprüfung der Vereinbarung überfällig",
        "ueberfaellig": "mit überfälliger Frist",
        "ohne_kontakt": f"ohne Gespräch seit mehr als {kontakt_tage} Tagen",
        "mit_fehlern": "mit Befunden der Schwere „fehler“",
    }


@dataclass(frozen=True)
class Zeile:
    """One count for people: its code, its text, and the count (None: hidden)."""

    code: str
    text: str
    anzahl: int | None


@dataclass(frozen=True)
class Gruppe:
    name: str
    titel: str
    zeilen: list[Zeile]
    basis: int
    """What a share is of: active cases (closed ones for ``abschlussgrund``)."""


def bezeichnung(gruppe: str, code: str, kataloge: Kataloge) -> str:
    if gruppe == "phase":
        return PHASE_TEXT[code]
    katalog = KATALOG_DER_GRUPPE.get(gruppe)
    return kataloge[katalog].bezeichnung(code) if katalog else code


def gruppen(s: Statistik, kataloge: Kataloge, geheimhaltung: int | None) -> list[Gruppe]:
    """The groups as people read them, with hidden counts as None."""
    return [
        Gruppe(
            name,
            GRUPPEN_TITEL[name],
            [
                Zeile(code, bezeichnung(name, code, kataloge), verborgen(n, geheimhaltung))
                for code, n in zaehler.items()
            ],
            s.abgeschlossen if name == "abschlussgrund" else s.aktiv,
        )
        for name, zaehler in s.gruppen.items()
    ]


def prozess(s: Statistik, kontakt_tage: int) -> Gruppe:
    texte = prozess_text(kontakt_tage)
    zeilen = [Zeile(code, texte[code], s.prozess[code]) for code in PROZESS]
    return Gruppe("prozess", "Aktive Fälle", zeilen, s.aktiv)


# --- machine formats ------------------------------------------------------------------------


def als_daten(s: Statistik, geheimhaltung: int | None) -> dict[str, Any]:
    """The pinned JSON shape (SPEC §13)."""
    return {
        "stichtag": s.stichtag.isoformat(),
        "faelle": {"aktiv": s.aktiv, "abgeschlossen": s.abgeschlossen},
        "gruppen": {
            name: {code: verborgen(n, geheimhaltung) for code, n in zaehler.items()}
            for name, zaehler in s.gruppen.items()
        },
        "prozess": dict(s.prozess),
        "dauer_tage": dict(s.dauer_tage),
    }


def als_json(s: Statistik, geheimhaltung: int | None) -> str:
    return json_text(als_daten(s, geheimhaltung))


CSV_SPALTEN = ("gruppe", "code", "bezeichnung", "anzahl")


def als_csv(s: Statistik, kataloge: Kataloge, kontakt_tage: int, geheimhaltung: int | None) -> str:
    """One row per group and code, then the totals, the process counts and the medians
    (groups ``faelle``, ``prozess``, ``dauer_tage``)."""
    zeilen: list[dict[str, Any]] = [
        {"gruppe": "faelle", "code": "aktiv", "bezeichnung": "aktive Fälle", "anzahl": s.aktiv},
        {
            "gruppe": "faelle",
            "code": "abgeschlossen",
            "bezeichnung": "abgeschlossene Fälle",
            "anzahl": s.abgeschlossen,
        },
    ]
    for g in [*gruppen(s, kataloge, geheimhaltung), prozess(s, kontakt_tage)]:
        zeilen.extend(
            {"gruppe": g.name, "code": z.code, "bezeichnung": z.text,
             "anzahl": _anzahl(z.anzahl, geheimhaltung)}
            for z in g.zeilen
        )  # fmt: skip
    zeilen.extend(
        {"gruppe": "dauer_tage", "code": code, "bezeichnung": DAUER_TEXT[code],
         "anzahl": s.dauer_tage[code]}
        for code in DAUER
    )  # fmt: skip
    return csv_text(CSV_SPALTEN, zeilen)


def _anzahl(anzahl: int | None, geheimhaltung: int | None) -> str:
    return f"<{geheimhaltung}" if anzahl is None else str(anzahl)


def zahl(wert: Median) -> str:
    """A median as people read it: ``34``, ``2,5``, ``–`` for none."""
    if wert is None:
        return "–"
    return str(wert).replace(".", ",")


# --- for people -------------------------------------------------------------------------


def kopfzeile(s: Statistik, filter: Sequence[str]) -> str:
    """``Statistik zum 01.12.2026: 13 aktive Fälle, 1 abgeschlossener (Fachkraft …).``"""
    return f"Statistik zum {deutsch(s.stichtag)}: {bestand(s, filter)}"


def bestand(s: Statistik, filter: Sequence[str]) -> str:
    """``13 aktive Fälle, 1 abgeschlossener (Fachkraft …).`` – under a title that names the
    Stichtag already (Markdown)."""
    aktiv = "1 aktiver Fall" if s.aktiv == 1 else f"{s.aktiv} aktive Fälle"
    zu = "1 abgeschlossener" if s.abgeschlossen == 1 else f"{s.abgeschlossen} abgeschlossene"
    return f"{aktiv}, {zu}" + (f" ({', '.join(filter)})" if filter else "") + "."


def geheim_hinweis(geheimhaltung: int | None) -> str | None:
    if geheimhaltung is None or geheimhaltung < 2:
        return None
    n = geheimhaltung
    return f"Geheimhaltung: Anzahlen von 1 bis {n - 1} erscheinen als „<{n}“."


def balken(anzahl: int, groesste: int, breite: int) -> str:
    """A horizontal bar for ``anzahl`` of at most ``breite`` cells (``groesste`` fills it)."""
    if anzahl <= 0 or groesste <= 0:
        return ""
    achtel = max(1, round(anzahl * breite * 8 / groesste))  # one case is never invisible
    return BALKEN[8] * (achtel // 8) + (BALKEN[achtel % 8] if achtel % 8 else "")


def anteil(anzahl: int | None, basis: int) -> str:
    if anzahl is None or basis <= 0:
        return ""
    return f"{round(100 * anzahl / basis)} %"


def gruppentabelle(g: Gruppe, breite: int, geheimhaltung: int | None) -> Iterator[str]:
    """One group as a table: Bezeichnung (wrapped, never cut), count, share, bar."""
    from vier_phasen_cli.render.tabelle import ABSTAND, Spalte, tabelle, zellbreite

    sichtbar = [z.anzahl for z in g.zeilen if z.anzahl is not None]
    groesste = max(sichtbar, default=0)  # hidden counts must not show through the scale
    zahlen = [_anzahl(z.anzahl, geheimhaltung) for z in g.zeilen]
    anteile = [anteil(z.anzahl, g.basis) for z in g.zeilen]
    # The bars take a quarter of the line, but never the room the Bezeichnung needs for its
    # longest word (a narrow terminal would fold "Potenzialanalyse").
    fest = max(map(len, ["Fälle", *zahlen])) + max(map(len, ["Anteil", *anteile]))
    texte = [g.titel, *(z.text for z in g.zeilen)]
    wort = max((zellbreite(w) for t in texte for w in t.split()), default=0)
    bedarf = min(max(map(zellbreite, texte)), max(16, wort))
    rest = breite - fest - bedarf - 3 * len(ABSTAND)
    balkenbreite = min(max(10, min(40, breite // 4)), rest)
    if balkenbreite < 3:  # no room for a scale: the numbers alone
        balkenbreite = 0
    spalten = [
        Spalte(g.titel, True, 16),
        Spalte("Fälle", rechts=True),
        Spalte("Anteil", rechts=True),
        Spalte(""),
    ]
    reihen = [
        (
            [
                z.text,
                zahl,
                teil,
                balken(z.anzahl, groesste, balkenbreite) if z.anzahl and balkenbreite else "",
            ],
            None,
        )
        for z, zahl, teil in zip(g.zeilen, zahlen, anteile, strict=True)
    ]
    return tabelle(spalten, reihen, breite)


def als_tabellen(
    s: Statistik,
    kataloge: Kataloge,
    kontakt_tage: int,
    geheimhaltung: int | None,
    filter: Sequence[str],
    breite: int,
) -> Iterator[str]:
    """The report for people: the head line, each group's table, the process counts and the
    medians."""
    from vier_phasen_cli.render.tabelle import umbrechen

    yield from umbrechen(kopfzeile(s, filter), breite)
    hinweis = geheim_hinweis(geheimhaltung)
    if hinweis:
        yield from umbrechen(hinweis, breite)
    for g in gruppen(s, kataloge, geheimhaltung):
        yield ""
        yield from gruppentabelle(g, breite, geheimhaltung)
    yield ""
    yield from gruppentabelle(prozess(s, kontakt_tage), breite, None)
    yield ""
    for code in DAUER:
        yield from umbrechen(f"{DAUER_TEXT[code]}: {zahl(s.dauer_tage[code])}", breite)


def als_markdown(
    env: Any,
    s: Statistik,
    kataloge: Kataloge,
    kontakt_tage: int,
    geheimhaltung: int | None,
    filter: Sequence[str],
    fehler: list[dict[str, Any]],
    dienststelle: Mapping[str, str],
) -> str:
    from vier_phasen_cli.render.datensatz import dienststelle_kontext
    from vier_phasen_cli.render.vorlagen import rendere

    def tabelle(g: Gruppe, geheim: int | None) -> dict[str, Any]:
        return {
            "titel": g.titel,
            "zeilen": [
                {"code": z.code, "text": z.text, "anzahl": _anzahl(z.anzahl, geheim),
                 "anteil": anteil(z.anzahl, g.basis)}
                for z in g.zeilen
            ],
        }  # fmt: skip

    kontext = {
        "stichtag": s.stichtag,
        "kopfzeile": kopfzeile(s, filter),
        "bestand": bestand(s, filter),
        "geheimhaltung": geheim_hinweis(geheimhaltung),
        "gruppen": [tabelle(g, geheimhaltung) for g in gruppen(s, kataloge, geheimhaltung)],
        "prozess": tabelle(prozess(s, kontakt_tage), None),
        "dauer": [{"text": DAUER_TEXT[c], "wert": zahl(s.dauer_tage[c])} for c in DAUER],
        "fehler": fehler,
        "dienststelle": dienststelle_kontext(dienststelle),
    }
    return str(rendere(env, "statistik.md.j2", kontext))
