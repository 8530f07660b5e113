"""What a save changes in a case, field by field (the summary of a change command).

Pure: two versions of the case data in (plain or round-trip mappings), a list of
:class:`Aenderung` out – the deepest field that differs, with its old and new value. Lists
of records are compared entry by entry; an entry added or removed is one change.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.probleme import Pfad, pfad_text

_FEHLT: Any = object()


@dataclass(frozen=True)
class Aenderung:
    pfad: Pfad
    von: Any
    nach: Any

    @property
    def ort(self) -> str:
        return pfad_text(self.pfad)

    @property
    def neu(self) -> bool:
        return self.von is _FEHLT

    @property
    def entfernt(self) -> bool:
        return self.nach is _FEHLT


def aenderungen(alt: Any, neu: Any) -> list[Aenderung]:
    """Every change from ``alt`` to ``neu``, in the order of ``neu`` (removed keys last)."""
    return list(_vergleiche(alt, neu, ()))


def _vergleiche(alt: Any, neu: Any, pfad: Pfad) -> Iterator[Aenderung]:
    if isinstance(alt, Mapping) and isinstance(neu, Mapping):
        for k, v in neu.items():
            yield from _vergleiche(alt.get(k, _FEHLT), v, (*pfad, k))
        for k, v in alt.items():
            if k not in neu:
                yield Aenderung((*pfad, k), v, _FEHLT)
        return
    if isinstance(alt, list) and isinstance(neu, list):
        for i, v in enumerate(neu):
            yield from _vergleiche(alt[i] if i < len(alt) else _FEHLT, v, (*pfad, i))
        for i in range(len(neu), len(alt)):
            yield Aenderung((*pfad, i), alt[i], _FEHLT)
        return
    if alt is _FEHLT and neu is None:
        return  # an empty field written out is no change
    if alt is _FEHLT and isinstance(neu, Mapping | list) and neu:
        # A new record or list: each of its fields on a line of its own.
        teile = neu.items() if isinstance(neu, Mapping) else enumerate(neu)
        for k, v in teile:
            yield from _vergleiche(_FEHLT, v, (*pfad, k))
        return
    if alt != neu or type(alt) is not type(neu):
        yield Aenderung(pfad, alt, neu)


def wert_text(wert: Any) -> str:
    """A value as the summary shows it: dates German, records in short."""
    if wert is _FEHLT or wert is None:
        return "—"
    if wert is True:
        return "ja"
    if wert is False:
        return "nein"
    if isinstance(wert, date):
        return deutsch(wert)
    if isinstance(wert, Mapping):
        teile = [f"{k}: {wert_text(v)}" for k, v in wert.items() if v is not None]
        return "{" + ", ".join(teile) + "}"
    if isinstance(wert, list):
        return "[" + ", ".join(wert_text(v) for v in wert) + "]"
    return str(wert)
