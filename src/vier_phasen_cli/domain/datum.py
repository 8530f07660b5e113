"""Dates as caseworkers type and read them (SPEC §5). Pure: "today" is a parameter."""

from __future__ import annotations

import re
from datetime import date, timedelta

EINGABE_HINWEIS = (
    "Erlaubt sind JJJJ-MM-TT, TT.MM.JJJJ, „heute“, „morgen“, „übermorgen“ oder +N (Tage ab heute)."
)

_WOERTER = {"heute": 0, "morgen": 1, "übermorgen": 2, "uebermorgen": 2}
"""Days from today that a word names."""

WOCHENTAGE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DEUTSCH = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", re.ASCII)
_RELATIV = re.compile(r"([+-])\s*(\d{1,5})", re.ASCII)


FRUEHESTES = date(1900, 1, 1)
SPAETESTES = date(2199, 12, 31)
"""The dates the tool accepts anywhere (SPEC §15): every date arithmetic of the tool (months,
years, report horizons) stays far inside what Python's ``date`` can hold, so a placeholder
such as 9999-12-31 cannot crash a report, and every year prints with four digits."""

BEREICH_HINWEIS = (
    "Erlaubt sind Daten vom 01.01.1900 bis 31.12.2199; für „offen“ das Feld leer lassen."
)


class DatumsFehler(ValueError):
    """An input that is not a date; the message is German and names the accepted forms."""


def im_bereich(tag: date) -> bool:
    """Whether ``tag`` lies in the range the tool accepts (1900-01-01 … 2199-12-31)."""
    return FRUEHESTES <= tag <= SPAETESTES


def pruefe_bereich(tag: date) -> date:
    """``tag`` itself, or a DatumsFehler when it lies outside the accepted range."""
    if not im_bereich(tag):
        raise DatumsFehler(
            f"Der {tag.day:02d}.{tag.month:02d}.{tag.year:04d} liegt außerhalb des erlaubten "
            f"Bereichs. {BEREICH_HINWEIS}"
        )
    return tag


def lies_datum(text: str, heute: date) -> date:
    """Parse ``2026-11-23``, ``23.11.2026``, ``heute``, ``morgen``, ``übermorgen`` or ``+14`` /
    ``-3`` (days from today)."""
    eingabe = text.strip().lower()
    if eingabe in _WOERTER:
        return pruefe_bereich(heute + timedelta(days=_WOERTER[eingabe]))
    if m := _RELATIV.fullmatch(eingabe):
        tage = int(m.group(2))
        try:
            ergebnis = heute + timedelta(days=tage if m.group(1) == "+" else -tage)
        except OverflowError:  # past year 9999: out of range in any case
            ergebnis = date.max if m.group(1) == "+" else date.min
        return pruefe_bereich(ergebnis)
    if m := _ISO.fullmatch(eingabe):
        jahr, monat, tag = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DEUTSCH.fullmatch(eingabe):
        tag, monat, jahr = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        raise DatumsFehler(f"„{text}“ ist kein Datum. {EINGABE_HINWEIS}")
    try:
        datum = date(jahr, monat, tag)
    except ValueError:
        raise DatumsFehler(f"Den {tag:02d}.{monat:02d}.{jahr:04d} gibt es nicht.") from None
    return pruefe_bereich(datum)


def ist_relativ(text: str) -> bool:
    """Whether ``text`` names a day relative to today (``heute``, ``morgen``, ``+14`` …)
    rather than a calendar date."""
    eingabe = text.strip().lower()
    return eingabe in _WOERTER or _RELATIV.fullmatch(eingabe) is not None


def mit_wochentag(datum: date) -> str:
    """``07.12.2026, Montag``: how a date typed relative to today is echoed."""
    return f"{deutsch(datum)}, {WOCHENTAGE[datum.weekday()]}"


def deutsch(datum: date | None, leer: str = "–") -> str:
    """``TT.MM.JJJJ`` for tables and documents."""
    # Not strftime: it prints year 1 as "1" (dates out of range never get here, but a
    # report must not depend on that).
    return f"{datum.day:02d}.{datum.month:02d}.{datum.year:04d}" if datum else leer
