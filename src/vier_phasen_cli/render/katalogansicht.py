"""Catalogs as tables for ``katalog``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.box import SIMPLE_HEAD
from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.kataloge import Katalog, Kataloge
from vier_phasen_cli.domain.vereinbarung import NAMEN


def uebersicht(kataloge: Kataloge) -> Any:
    tabelle = Table(
        box=SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", padding=(0, 1, 0, 0)
    )
    tabelle.add_column("Katalog", no_wrap=True)
    tabelle.add_column("Einträge", justify="right")
    tabelle.add_column("Quelle", overflow="fold")
    for k in kataloge:
        tabelle.add_row(k.name, str(len(k)), Text(k.quelle))
    hinweis = Text("Einzelheiten: vier-phasen katalog NAME", style="dim")
    return Group(tabelle, hinweis)


_FELDNAMEN = {
    "schluesselgruppe": "Schlüsselgruppe",
    "handlungsbedarf": "für Handlungsbedarf",
    "nur_rechtskreis": "nur im",
    "nur_fuer": "nur für",
    "vervollstaendigt_durch": "vervollständigt durch (3.3.3)",
    "reha_pruefen": "Reha-Bedarf prüfen (3.3.1)",
    "fuer_kunden": "in Dokumenten",
    "einv_ermessen_monate": "EinV nach Ermessen in den ersten Monaten (3.4.1 Fn. 5)",
    "aktivitaeten_pflicht": "mit den vier Aktivitäten (3.4.3)",
    "absolventenmanagement": "Gespräch zum Teilnahmeende (3.3.3)",
    "nachholen": "Potenzialanalyse fällig zum",
    "buchstabe": "Buchstabe",
    "nur_reha": "nur für Rehabilitanden",
    "benoetigt": "braucht Datum",
    "nur_mit_ausnahme": "nur mit Ausnahme nach Anlage 1",
    "entspricht_prognose": "entspricht Prognose",
    "nachbetreuung_pruefen": "Nachbetreuung prüfen (3.4.4)",
    "nummer": "Nr.",
    "erlaeuterung": "Erläuterung",
    "bis_hoechstens_monate": "Ende i. d. R. innerhalb von Monaten",
    "gilt_ab": "gilt ab",
    "vereinbarung": "Vereinbarung",
    "vorlage": "Vorlage",
    "vorschrift": "Vorschrift",
    "ueberpruefung_monate": "überprüfen nach Monaten",
    "ueberpruefung_monate_unter_25": "unter 25 Jahren nach Monaten",
    "schlichtung": "Schlichtung nach § 15a SGB II",
    "gilt_bis": "gilt bis",
    "hinweis": "Hinweis",
}


_WERTE: dict[str, dict[str, str]] = {"vereinbarung": NAMEN}
"""Values of these fields people read as words, not codes (the JSON view keeps the codes)."""

Uebersetzung = Callable[[str, str], str]


def _wert(feld: str, wert: Any, uebersetze: Uebersetzung) -> str:
    if isinstance(wert, list):
        return ", ".join(_wert(feld, w, uebersetze) for w in wert)
    if isinstance(wert, date):
        return deutsch(wert)
    if isinstance(wert, str):
        return _WERTE.get(feld, {}).get(wert) or uebersetze(feld, wert)
    return str(wert)


def _merkmale(felder: dict[str, Any], uebersetze: Uebersetzung) -> str:
    """The entry's further fields that say something (no null, no false), in German."""
    teile = []
    for feld, wert in felder.items():
        if feld in ("code", "bezeichnung") or wert is None or wert is False or wert == []:
            continue
        name = _FELDNAMEN.get(feld, feld)
        if wert is True:
            teile.append(name)
        elif isinstance(wert, dict):
            continue  # nested rules (the Rechtsstand's Rechtskreise): one line each, below
        else:
            teile.append(f"{name}: {_wert(feld, wert, uebersetze)}")
    return " · ".join(teile)


def _unterabschnitte(felder: dict[str, Any], uebersetze: Uebersetzung) -> list[str]:
    """Nested rules as one line each: ``SGB II: Vereinbarung: Kooperationsplan · …``."""
    zeilen = []
    for wert in felder.values():
        if isinstance(wert, dict):
            for name, regeln in wert.items():
                if isinstance(regeln, dict):
                    zeilen.append(f"{name}: {_merkmale(regeln, uebersetze)}")
    return zeilen


def katalog_tabelle(katalog: Katalog, kataloge: Kataloge) -> Any:
    """One entry per block: the code, its Bezeichnung, and its further fields – a code another
    catalog defines shown by its Bezeichnung."""

    def uebersetze(feld: str, wert: str) -> str:
        return kataloge.bezeichnung_im_feld(katalog.name, feld, wert)

    zeilen: list[Any] = [Text(f"{katalog.name} – {katalog.quelle}", style="bold"), Text("")]
    for e in katalog:
        zeilen.append(Text(e.code, style="cyan"))
        zeilen.append(Padding(Text(e.bezeichnung), (0, 0, 0, 4), expand=False))
        merkmale = _merkmale(dict(e.felder), uebersetze)
        if merkmale:
            zeilen.append(Padding(Text(merkmale, style="dim"), (0, 0, 0, 4), expand=False))
        for zeile in _unterabschnitte(dict(e.felder), uebersetze):
            zeilen.append(Padding(Text(zeile, style="dim"), (0, 0, 0, 4), expand=False))
    return Group(*zeilen)
