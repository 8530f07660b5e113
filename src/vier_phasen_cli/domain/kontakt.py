"""Contact with the customer (3.4.3): when the last conversation was, and whether it lies too
far back. One test for rule KO001 and for ``statistik``'s ``ohne_kontakt`` (SPEC §13)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

KONTAKT_TAGE = 90
"""``[pruefen] kontakt_tage``: more days than this without a conversation is too long."""
KONTAKT_TAGE_HOECHSTENS = 36_500
"""A larger setting would say nothing (and could leave the range of dates)."""


def kontakt_tage_gueltig(wert: object) -> bool:
    return type(wert) is int and 1 <= wert <= KONTAKT_TAGE_HOECHSTENS


def letzter_kontakt(gespraechsdaten: Iterable[date], stichtag: date) -> date | None:
    """The day of the last conversation on or before ``stichtag`` (later ones had not taken
    place then), or None."""
    return max((d for d in gespraechsdaten if d <= stichtag), default=None)


def ohne_kontakt(letzter: date | None, stichtag: date, kontakt_tage: int) -> bool:
    """Whether the last conversation (``letzter_kontakt``) lies more than ``kontakt_tage``
    days before ``stichtag``. A case without any conversation is not "without contact": it
    has not begun (SPEC §16)."""
    # Compared, not subtracted: pruefen's observed Stichtag then knows for which days the
    # answer holds (domain/gueltigkeit.py).
    return letzter is not None and stichtag > letzter + timedelta(days=kontakt_tage)
