"""The Wiedervorlagen of one case (``wiedervorlage ID``): table and JSON forms."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.fall import Wiedervorlage

Nummeriert = tuple[int, Wiedervorlage]
"""A Wiedervorlage with its effective number (stored ``nr``, else its position)."""


def als_daten(fall_id: str, eintraege: Sequence[Nummeriert]) -> dict[str, Any]:
    """``{"fall", "wiedervorlagen": [{"nr", "am", "text", "erledigt"}]}`` (dates stay dates:
    JSON writes them as ISO)."""
    return {
        "fall": fall_id,
        "wiedervorlagen": [
            {"nr": nr, "am": w.am, "text": w.text, "erledigt": w.erledigt} for nr, w in eintraege
        ],
    }


def status(w: Wiedervorlage, heute: date) -> str:
    """``erledigt am TT.MM.JJJJ``, ``überfällig`` (due before today) or ``offen``."""
    if w.erledigt is not None:
        return f"erledigt {deutsch(w.erledigt)}"
    return "überfällig" if w.am < heute else "offen"


def als_tabelle(
    eintraege: Sequence[Nummeriert], heute: date, breite: int, farbe: bool
) -> Iterator[str]:
    """The table's lines: overdue ones red, done ones dimmed; every word of a text is kept."""
    from vier_phasen_cli.render.tabelle import Spalte, tabelle

    spalten = [Spalte("Nr"), Spalte("Am"), Spalte("Status"), Spalte("Text", True, 20)]
    reihen = []
    for nr, w in eintraege:
        text = status(w, heute)
        stil = "blass" if w.erledigt is not None else ("rot" if text == "überfällig" else None)
        reihen.append(([str(nr), deutsch(w.am), text, w.text], stil))
    return tabelle(spalten, reihen, breite, farbe=farbe)
