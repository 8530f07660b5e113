"""The summary of a change command before it is saved: each changed field, old → new.

Two views: ``aenderungszeilen`` names every field by its path (``verlauf`` shows the file's
own words), ``zusammenfassung`` is what the caseworker confirms: a new record in one line
(``+ Wiedervorlage 2: 15.12.2026 Rückruf``), a section filled at once field by field with
German labels and catalog names, bookkeeping (``nr``) left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from vier_phasen_cli.domain.aenderungen import Aenderung, aenderungen, eintrag_text, wert_text
from vier_phasen_cli.domain.probleme import Pfad, pfad_text
from vier_phasen_cli.domain.steuerzeichen import sicher

Bezeichnung = Callable[[str, str], str]
"""``(katalog, code) -> label``."""

_FEHLT: Any = object()

EINTRAG = {"wiedervorlagen": "Wiedervorlage"}
"""Lists whose new entries are one line: label, number, date, text."""

FELDER = {
    "abschluss": "Abschluss",
    "datum": "Datum",
    "grund": "Grund",
    "notiz": "Notiz",
    "reha_traeger_beendet": "Reha-Träger beendet",
    "am": "Am",
    "text": "Text",
    "erledigt": "Erledigt",
}
"""German labels of the fields a change command fills (others keep their key)."""

KATALOG_FELDER = {("abschluss", "grund"): "abschlussgruende"}
"""Fields that hold a code, and the catalog that names it."""


def aenderungszeilen(alt: Any, neu: Any) -> list[str]:
    """One line per change (plain text; the terminal layer makes it safe). A value of several
    lines (a Vermerk) stays on its change's line, its line breaks shown as ``\\n``."""
    return [_zeile(a) for a in aenderungen(alt, neu)]


def _zeile(a: Aenderung, ort: str | None = None) -> str:
    ort = _einzeilig(a.ort if ort is None else ort)  # a hostile key must not forge a line
    if a.neu:
        return f"+ {ort}: {_einzeilig(eintrag_text(a.nach))}"
    if a.entfernt:
        return f"- {ort}: {_einzeilig(eintrag_text(a.von))}"
    return f"~ {ort}: {_einzeilig(wert_text(a.von))} → {_einzeilig(wert_text(a.nach))}"


def _einzeilig(text: str) -> str:
    """``text`` on one line: control characters escaped (``sicher``), line breaks as ``\\n``."""
    return sicher(text).replace("\r\n", "\n").replace("\n", "\\n")


def zusammenfassung(alt: Any, neu: Any, name: Bezeichnung | None = None) -> list[str]:
    """The changes as the caseworker reads them (plain text)."""
    zeilen: list[str] = []
    erledigt: set[Pfad] = set()
    for a in aenderungen(alt, neu):
        wurzel = _neuer_datensatz(alt, neu, a.pfad)
        if wurzel is None:
            zeilen.append(_zeile(a))
            continue
        if wurzel in erledigt:
            continue
        erledigt.add(wurzel)
        datensatz = _hole(neu, wurzel)
        if len(wurzel) == 2 and isinstance(wurzel[1], int) and wurzel[0] in EINTRAG:
            zeilen.append(_eintragszeile(str(wurzel[0]), wurzel[1], datensatz))
            continue
        zeichen = "+" if _hole(alt, wurzel) is _FEHLT else "~"
        zeilen.append(f"{zeichen} {FELDER.get(str(wurzel[-1]), pfad_text(wurzel))}:")
        for feld, wert in datensatz.items():
            if wert is None or feld == "nr":
                continue
            katalog = KATALOG_FELDER.get((str(wurzel[-1]), str(feld)))
            text = name(katalog, str(wert)) if katalog and name else wert_text(wert)
            zeilen.append(f"    {FELDER.get(str(feld), str(feld))}: {text}")
    return zeilen


def _eintragszeile(liste: str, index: int, eintrag: Mapping[str, Any]) -> str:
    nr = eintrag.get("nr") or index + 1
    teile = [wert_text(eintrag[k]) for k in ("am", "text") if eintrag.get(k) is not None]
    return f"+ {EINTRAG[liste]} {nr}: {' '.join(teile)}"


def _neuer_datensatz(alt: Any, neu: Any, pfad: Pfad) -> Pfad | None:
    """The shortest part of ``pfad`` that was empty before and is a record now (a new list
    entry, a section filled at once), or None."""
    for laenge in range(1, len(pfad) + 1):
        teil = pfad[:laenge]
        vorher = _hole(alt, teil)
        if (vorher is _FEHLT or vorher is None) and isinstance(_hole(neu, teil), Mapping):
            return teil
    return None


def _hole(daten: Any, pfad: Pfad) -> Any:
    for teil in pfad:
        im_eintrag = isinstance(daten, Mapping) and teil in daten
        in_der_liste = isinstance(daten, list) and isinstance(teil, int) and 0 <= teil < len(daten)
        if im_eintrag or in_der_liste:
            daten = daten[teil]
        else:
            return _FEHLT
    return daten


def aenderungsansicht(alt: Any, neu: Any, name: Bezeichnung | None = None) -> Any:
    from rich.console import Group
    from rich.text import Text

    zeilen = zusammenfassung(alt, neu, name)
    if not zeilen:
        return Text("Keine Änderung.", style="yellow")
    kopf = Text("Änderungen (+ neu, ~ geändert, - entfernt):", style="bold")
    return Group(kopf, *(Text("  " + z) for z in zeilen))
