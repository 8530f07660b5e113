"""What a save changes in a case, field by field (the summary of a change command).

Pure: two versions of the case data in (plain or round-trip mappings), a list of
:class:`Aenderung` out – the deepest field that differs, with its old and new value.

Lists of records are compared by the identities the merge uses (``domain/dreiwege.py``,
SPEC §16): a conversation inserted before another is one new conversation, not every later
one changed. Entries of a list identified by whole content (``gespraeche``, ``wechsel``,
``*_historie``, ``leistungen``) are added or removed whole, one change each at the list's
path; items (by ``nr``) and records (by ``code`` …) found in both versions are compared field
by field. Any other list is compared position by position.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from vier_phasen_cli.domain.datum import deutsch
from vier_phasen_cli.domain.dreiwege import Listenregel, Schema, identitaeten, listenregel
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
    return list(_vergleiche(alt, neu, (), ()))


def _vergleiche(alt: Any, neu: Any, pfad: Pfad, schema: Schema) -> Iterator[Aenderung]:
    if isinstance(alt, Mapping) and isinstance(neu, Mapping):
        for k, v in neu.items():
            yield from _vergleiche(alt.get(k, _FEHLT), v, (*pfad, k), (*schema, str(k)))
        for k, v in alt.items():
            if k not in neu:
                yield Aenderung((*pfad, k), v, _FEHLT)
        return
    if isinstance(alt, list) and isinstance(neu, list):
        regel = listenregel(schema)
        if regel is not None:
            yield from _nach_identitaet(alt, neu, regel, pfad, schema)
            return
        for i, v in enumerate(neu):
            yield from _vergleiche(alt[i] if i < len(alt) else _FEHLT, v, (*pfad, i), schema)
        for i in range(len(neu), len(alt)):
            yield Aenderung((*pfad, i), alt[i], _FEHLT)
        return
    if alt is _FEHLT and neu is None:
        return  # an empty field written out is no change
    if alt is _FEHLT and isinstance(neu, Mapping | list) and neu:
        regel = listenregel(schema)
        if regel is not None and isinstance(neu, list):  # new conversations …: one change each
            yield from _nach_identitaet([], neu, regel, pfad, schema)
            return
        # A new record or list: each of its fields on a line of its own.
        teile = neu.items() if isinstance(neu, Mapping) else enumerate(neu)
        karte = isinstance(neu, Mapping)
        for k, v in teile:
            yield from _vergleiche(_FEHLT, v, (*pfad, k), (*schema, str(k)) if karte else schema)
        return
    if alt != neu or type(alt) is not type(neu):
        yield Aenderung(pfad, alt, neu)


def _nach_identitaet(
    alt: list[Any], neu: list[Any], regel: Listenregel, pfad: Pfad, schema: Schema
) -> Iterator[Aenderung]:
    """A list merged by identity: entries matched so, not by position."""
    vorher = dict(zip(identitaeten(alt, regel), alt, strict=True))
    nachher = identitaeten(neu, regel)
    for i, (k, v) in enumerate(zip(nachher, neu, strict=True)):
        if regel.art == "inhalt":
            if k not in vorher:
                yield Aenderung(pfad, _FEHLT, v)  # a whole new conversation, entry …
        else:
            yield from _vergleiche(vorher.get(k, _FEHLT), v, (*pfad, i), schema)
    uebrig = set(vorher) - set(nachher)
    for i, (k, v) in enumerate(vorher.items()):
        if k in uebrig:
            yield Aenderung(pfad if regel.art == "inhalt" else (*pfad, i), v, _FEHLT)


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


_BEZEICHNUNG = ("anliegen", "option", "phase", "text", "bezeichnung", "art", "status")


def eintrag_text(wert: Any) -> str:
    """A dated record in short, as a list entry added or removed whole is shown
    (``Folgegespräch am 01.12.2026``); any other value as :func:`wert_text` shows it."""
    if not isinstance(wert, Mapping) or not isinstance(wert.get("datum"), date):
        return wert_text(wert)
    am = f"am {deutsch(wert['datum'])}"
    if isinstance(wert.get("feld"), str):  # a Wechsel
        return f"{wert['feld']}: {wert_text(wert.get('von'))} → {wert_text(wert.get('nach'))} {am}"
    name = next((wert[k] for k in _BEZEICHNUNG if isinstance(wert.get(k), str)), None)
    if name:
        return f"{name} {am}"
    abgeloest = [k for k, v in wert.items() if isinstance(v, Mapping)]
    if len(abgeloest) == 1:  # a *_historie entry: the record as it was until then
        return f"{abgeloest[0]} abgelöst {am}: {wert_text(wert[abgeloest[0]])}"
    return wert_text(wert)
