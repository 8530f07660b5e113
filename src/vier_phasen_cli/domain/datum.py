"""Dates as caseworkers type and read them (SPEC §5). Pure: "today" is a parameter."""

from __future__ import annotations

import re
from datetime import date, timedelta

EINGABE_HINWEIS = "Erlaubt sind JJJJ-MM-TT, TT.MM.JJJJ, „heute“ oder +N (Tage ab heute)."

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DEUTSCH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_RELATIV = re.compile(r"^([+-])\s*(\d{1,5})$")


class DatumsFehler(ValueError):
    """An input that is not a date; the message is German and names the accepted forms."""


def lies_datum(text: str, heute: date) -> date:
    """Parse ``2026-11-23``, ``23.11.2026``, ``heute`` or ``+14`` / ``-3`` (days from today)."""
    eingabe = text.strip().lower()
    if eingabe == "heute":
        return heute
    if m := _RELATIV.match(eingabe):
        tage = int(m.group(2))
        return heute + timedelta(days=tage if m.group(1) == "+" else -tage)
    if m := _ISO.match(eingabe):
        jahr, monat, tag = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DEUTSCH.match(eingabe):
        tag, monat, jahr = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        raise DatumsFehler(f"„{text}“ ist kein Datum. {EINGABE_HINWEIS}")
    try:
        return date(jahr, monat, tag)
    except ValueError:
        raise DatumsFehler(f"Den {tag:02d}.{monat:02d}.{jahr} gibt es nicht.") from None


def deutsch(datum: date | None, leer: str = "–") -> str:
    """``TT.MM.JJJJ`` for tables and documents."""
    return f"{datum.day:02d}.{datum.month:02d}.{datum.year:04d}" if datum else leer
