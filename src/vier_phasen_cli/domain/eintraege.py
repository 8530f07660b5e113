"""Items of a case and their stable numbers (SPEC §10, §16).

Zwischenziele, Aktivitäten (within their strategy), Eigenbemühungen and Wiedervorlagen carry
``nr``: unique within their list and never reused, so a calendar entry (ICS UID) and
``--erledigt NR`` keep meaning the same item when others are added or removed. Hand-written
items without ``nr`` count by position – the same number the tool gives them when it next
writes that list (:func:`wirksame_nummern` is both the reading and the writing rule).

Recurring Eigenbemühungen (``wiederholung: monatlich | woechentlich``) get their successor
here: :func:`naechste_frist`.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

WIEDERHOLUNG_TEXT: dict[str, str] = {"monatlich": "monatlich", "woechentlich": "wöchentlich"}


def wirksame_nummern(nummern: Sequence[int | None], frueher: Iterable[int] = ()) -> list[int]:
    """The number of each item of a list whose stored numbers are ``nummern`` (None: none).

    A stored number counts (its first occurrence; a repeated one is treated as missing).
    An item without one gets its position (1-based) when that number is free, else the next
    number above every number in use or ``frueher`` used (numbers of removed items), so no
    number is given twice."""
    bekannt = {n for n in nummern if n is not None} | set(frueher)
    hoechste = max(bekannt, default=0)
    vergeben: set[int] = set()
    ergebnis: list[int] = []
    for position, nr in enumerate(nummern, start=1):
        if nr is not None and nr not in vergeben:
            vergeben.add(nr)
            ergebnis.append(nr)
            continue
        if position not in bekannt and position not in vergeben:
            kandidat = position
        else:
            hoechste += 1
            while hoechste in bekannt or hoechste in vergeben:
                hoechste += 1
            kandidat = hoechste
        hoechste = max(hoechste, kandidat)
        vergeben.add(kandidat)
        ergebnis.append(kandidat)
    return ergebnis


def gespeicherte_nummern(liste: Sequence[Any]) -> list[int | None]:
    """The ``nr`` stored with each item of plain or round-trip data (None where there is
    none or it is no number)."""
    nummern: list[int | None] = []
    for e in liste:
        nr = e.get("nr") if isinstance(e, Mapping) else None
        gueltig = isinstance(nr, int) and not isinstance(nr, bool) and nr >= 1
        nummern.append(nr if gueltig else None)
    return nummern


def nummern(eintraege: Sequence[Any]) -> list[int]:
    """Each validated item's stable number: its ``nr``, else its position (SPEC §10)."""
    return wirksame_nummern([e.nr for e in eintraege])


def naechste_nummer(nummern: Iterable[int]) -> int:
    """The number of an item added to a list whose items have ``nummern``."""
    return max(nummern, default=0) + 1


def naechste_frist(frist: date, wiederholung: str) -> date:
    """The due date of a recurring Eigenbemühung's successor.

    Weekly: seven days later. Monthly: the same day of the next month (31.01. → 28./29.02.);
    a deadline on the last day of its month stays on the last day ("Nachweis zum Monatsende":
    28.02. → 31.03.), so the series never drifts to earlier days."""
    if wiederholung == "woechentlich":
        return frist + timedelta(days=7)
    folgend = frist + relativedelta(months=1)
    if frist.day == calendar.monthrange(frist.year, frist.month)[1]:
        return folgend.replace(day=calendar.monthrange(folgend.year, folgend.month)[1])
    return folgend
