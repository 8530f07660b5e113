"""For which Stichtage a result computed on one Stichtag holds.

``pruefen`` keeps each file's findings between runs. Most rules ignore the date; a few compare
it with a date of the case (a Folgegespräch before the Stichtag, a measure ended before it).
:class:`BeobachteterStichtag` is a date that notes every comparison made with it and narrows
a :class:`Gueltigkeit` to the days on which each comparison gives the same answer. Any other
use (arithmetic, attributes, text) narrows it to the one day, so a rule can never be reused
on a day it would answer differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

_TAG = timedelta(days=1)


@dataclass
class Gueltigkeit:
    """The days ``ab`` through ``bis`` (None: unbounded)."""

    ab: date | None = None
    bis: date | None = None

    def umfasst(self, tag: date) -> bool:
        return (self.ab is None or self.ab <= tag) and (self.bis is None or tag <= self.bis)

    def ab_tag(self, tag: date) -> None:
        if self.ab is None or tag > self.ab:
            self.ab = tag

    def bis_tag(self, tag: date) -> None:
        if self.bis is None or tag < self.bis:
            self.bis = tag


_VERGLEICHE = frozenset({"__lt__", "__le__", "__gt__", "__ge__", "__eq__", "__ne__"})


class BeobachteterStichtag(date):
    """A Stichtag that narrows ``gueltigkeit`` with every use."""

    gueltigkeit: Gueltigkeit

    def __new__(cls, tag: date, gueltigkeit: Gueltigkeit) -> BeobachteterStichtag:
        neu = super().__new__(cls, tag.year, tag.month, tag.day)
        object.__setattr__(neu, "gueltigkeit", gueltigkeit)
        return neu

    def _tag(self) -> date:
        return date.fromordinal(date.toordinal(self))

    def _nur_heute(self) -> None:
        tag = self._tag()
        g: Gueltigkeit = object.__getattribute__(self, "gueltigkeit")
        g.ab_tag(tag)
        g.bis_tag(tag)

    def _kleiner(self, anderes: date, gleich_zaehlt: bool) -> bool:
        """``self < anderes`` (or ``<=``), noting on which days the answer is the same."""
        g: Gueltigkeit = object.__getattribute__(self, "gueltigkeit")
        # The last day that answers yes, as an ordinal (0 when none does: date.min is first).
        grenze = date.toordinal(anderes) - (0 if gleich_zaehlt else 1)
        ja = date.toordinal(self) <= grenze
        if ja:
            g.bis_tag(date.fromordinal(grenze))
        else:
            g.ab_tag(date.fromordinal(grenze + 1))
        return ja

    def __lt__(self, anderes: Any) -> bool:
        if not isinstance(anderes, date):
            return NotImplemented
        return self._kleiner(_schlicht(anderes), gleich_zaehlt=False)

    def __le__(self, anderes: Any) -> bool:
        if not isinstance(anderes, date):
            return NotImplemented
        return self._kleiner(_schlicht(anderes), gleich_zaehlt=True)

    def __gt__(self, anderes: Any) -> bool:
        if not isinstance(anderes, date):
            return NotImplemented
        return not self._kleiner(_schlicht(anderes), gleich_zaehlt=True)

    def __ge__(self, anderes: Any) -> bool:
        if not isinstance(anderes, date):
            return NotImplemented
        return not self._kleiner(_schlicht(anderes), gleich_zaehlt=False)

    def __eq__(self, anderes: object) -> bool:
        if not isinstance(anderes, date):
            return NotImplemented
        tag, anderer = self._tag(), _schlicht(anderes)
        if tag == anderer:
            self._nur_heute()
            return True
        g: Gueltigkeit = object.__getattribute__(self, "gueltigkeit")
        if anderer > tag:
            g.bis_tag(anderer - _TAG)
        else:
            g.ab_tag(anderer + _TAG)
        return False

    def __ne__(self, anderes: object) -> bool:
        gleich = self.__eq__(anderes)
        return gleich if gleich is NotImplemented else not gleich

    def __hash__(self) -> int:
        self._nur_heute()
        return hash(self._tag())

    def __getattribute__(self, name: str) -> Any:
        if not name.startswith("_") or name in ("__str__", "__format__", "__repr__"):
            object.__getattribute__(self, "_nur_heute")()
        return object.__getattribute__(self, name)

    def __add__(self, anderes: Any) -> Any:
        self._nur_heute()
        return self._tag() + anderes

    __radd__ = __add__

    def __sub__(self, anderes: Any) -> Any:
        self._nur_heute()
        return self._tag() - (_schlicht(anderes) if isinstance(anderes, date) else anderes)

    def __rsub__(self, anderes: Any) -> Any:
        self._nur_heute()
        return anderes - self._tag()

    def __str__(self) -> str:
        self._nur_heute()
        return self._tag().isoformat()

    def __format__(self, spec: str) -> str:
        self._nur_heute()
        return self._tag().__format__(spec)

    def __reduce__(self) -> Any:
        self._nur_heute()
        return (date, (self.year, self.month, self.day))


def _schlicht(tag: date) -> date:
    """A plain date (another observed Stichtag would otherwise be asked back)."""
    return date.fromordinal(date.toordinal(tag)) if type(tag) is not date else tag
