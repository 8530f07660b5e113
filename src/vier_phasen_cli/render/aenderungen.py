"""The summary of a change command before it is saved: each changed field, old → new."""

from __future__ import annotations

from typing import Any

from vier_phasen_cli.domain.aenderungen import aenderungen, eintrag_text, wert_text
from vier_phasen_cli.domain.steuerzeichen import sicher


def aenderungszeilen(alt: Any, neu: Any) -> list[str]:
    """One line per change (plain text; the terminal layer makes it safe). A value of several
    lines (a Vermerk) stays on its change's line, its line breaks shown as ``\\n``."""
    zeilen: list[str] = []
    for a in aenderungen(alt, neu):
        if a.neu:
            zeilen.append(f"+ {a.ort}: {_zeile(eintrag_text(a.nach))}")
        elif a.entfernt:
            zeilen.append(f"- {a.ort}: {_zeile(eintrag_text(a.von))}")
        else:
            zeilen.append(f"~ {a.ort}: {_zeile(wert_text(a.von))} → {_zeile(wert_text(a.nach))}")
    return zeilen


def _zeile(text: str) -> str:
    """``text`` on one line: control characters escaped (``sicher``), line breaks as ``\\n``."""
    return sicher(text).replace("\r\n", "\n").replace("\n", "\\n")


def aenderungsansicht(alt: Any, neu: Any) -> Any:
    from rich.console import Group
    from rich.text import Text

    zeilen = aenderungszeilen(alt, neu)
    if not zeilen:
        return Text("Keine Änderung.", style="yellow")
    kopf = Text("Änderungen (+ neu, ~ geändert, - entfernt):", style="bold")
    return Group(kopf, *(Text("  " + z) for z in zeilen))
