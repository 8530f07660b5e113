"""Working days (§ 26 Abs. 3 SGB X): a customer's deadline that ends on a Saturday, Sunday or
public holiday runs to the end of the next working day.

Pure: the public holidays come from the ``holidays`` library (a computation, no file or
network access), nationwide ones only unless the workspace names its Bundesland
(``[ablage] bundesland``). 24.12. and 31.12. are working days (SPEC §16).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date, timedelta

_TAG = timedelta(days=1)
KEIN_FEIERTAG = ((12, 24), (12, 31))
"""Half days in practice, but no public holidays: deadlines ending then do not move."""


BUNDESLAENDER: tuple[str, ...] = (
    "BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH",
)  # fmt: skip
"""The 16 Länder as ISO 3166-2:DE codes, the subdivisions of the holidays library (a test
keeps the two alike). Checking a setting must not import the library: that takes 50 ms."""


def bundeslaender() -> tuple[str, ...]:
    """The Bundesländer the holidays library knows, as two-letter ISO 3166-2 codes."""
    return BUNDESLAENDER


Tabelle = Callable[[str | None], Mapping[int, frozenset[date]]]
"""Holidays already worked out, by year, for a Bundesland (storage keeps them on disk:
importing the holidays library takes 0.1 s, a lookup in a table microseconds)."""

_tabelle: Tabelle | None = None


def setze_tabelle(tabelle: Tabelle | None) -> None:
    """Where holidays worked out earlier come from (asked once, on first use)."""
    global _tabelle
    _tabelle = tabelle
    _feiertage.cache_clear()
    _bekannt.cache_clear()


@functools.lru_cache(maxsize=32)
def _bekannt(bundesland: str | None) -> Mapping[int, frozenset[date]]:
    return _tabelle(bundesland) if _tabelle is not None else {}


def berechne(jahr: int, bundesland: str | None) -> frozenset[date]:
    """The public holidays of ``jahr`` from the holidays library (nationwide + Land)."""
    from holidays.countries.germany import Germany

    tage = Germany(subdiv=bundesland, years=jahr)
    return frozenset(t for t in tage if (t.month, t.day) not in KEIN_FEIERTAG)


@functools.lru_cache(maxsize=256)
def _feiertage(jahr: int, bundesland: str | None) -> frozenset[date]:
    bekannt = _bekannt(bundesland).get(jahr)
    return bekannt if bekannt is not None else berechne(jahr, bundesland)


def feiertag(tag: date, bundesland: str | None) -> bool:
    """Whether ``tag`` is a public holiday nationwide or in ``bundesland``."""
    return tag in _feiertage(tag.year, bundesland)


def arbeitstag(tag: date, bundesland: str | None) -> bool:
    return tag.weekday() < 5 and not feiertag(tag, bundesland)


def naechster_arbeitstag(tag: date, bundesland: str | None) -> date:
    """``tag`` itself if it is a working day, else the next one (never past the last date)."""
    while not arbeitstag(tag, bundesland) and tag < date.max:
        tag += _TAG
    return tag
