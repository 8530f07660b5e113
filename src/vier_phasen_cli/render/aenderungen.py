"""The summary of a change command before it is saved: each changed field, old → new."""

from __future__ import annotations

from typing import Any

from vier_phasen_cli.domain.aenderungen import aenderungen, wert_text


def aenderungszeilen(alt: Any, neu: Any) -> list[str]:
    """One line per change (plain text; the terminal layer makes it safe)."""
    zeilen: list[str] = []
    for a in aenderungen(alt, neu):
        if a.neu:
            zeilen.append(f"+ {a.ort}: {wert_text(a.nach)}")
        elif a.entfernt:
            zeilen.append(f"- {a.ort}: {wert_text(a.von)}")
        else:
            zeilen.append(f"~ {a.ort}: {wert_text(a.von)} → {wert_text(a.nach)}")
    return zeilen


def aenderungsansicht(alt: Any, neu: Any) -> Any:
    from rich.console import Group
    from rich.text import Text

    zeilen = aenderungszeilen(alt, neu)
    if not zeilen:
        return Text("Keine Änderung.", style="yellow")
    kopf = Text("Änderungen (+ neu, ~ geändert, - entfernt):", style="bold")
    return Group(kopf, *(Text("  " + z) for z in zeilen))
