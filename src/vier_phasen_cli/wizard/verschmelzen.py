"""Merging a Folgegespräch's answers into the case by identity (SPEC §16).

In a Folgegespräch these lists are not replaced but merged: ``strategien`` by ``code``,
``produkte`` by (``bezeichnung``, ``beginn``), ``wiedervorlagen`` and the items inside
sections – Eigenbemühungen (``vereinbarung``), Zwischenziele (``ziel``), Aktivitäten (per
strategy) – by ``nr``. A named entry is updated (its named fields) or added; an entry left out
stays as it is. An item named without ``nr`` is the open-ended case of a hand-written answer:
it matches the entry with the same text, else it is new.

The merge edits the round-trip entries in place, so comments inside them survive.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from vier_phasen_cli.domain.eintraege import wirksame_nummern
from vier_phasen_cli.wizard.eintragspflege import gespeicherte_nummern

Passt = Callable[[Mapping[str, Any], int, Mapping[str, Any]], bool]
"""Whether an old entry (with its effective number) is the entry an answer names."""


def _nach_nummer(textfeld: str) -> Passt:
    def passt(alt: Mapping[str, Any], nr: int, neu: Mapping[str, Any]) -> bool:
        if isinstance(neu.get("nr"), int):
            return bool(neu["nr"] == nr)
        return bool(alt.get(textfeld) == neu.get(textfeld))

    return passt


def _nach_feldern(*felder: str) -> Passt:
    def passt(alt: Mapping[str, Any], _nr: int, neu: Mapping[str, Any]) -> bool:
        return all(alt.get(f) == neu.get(f) for f in felder)

    return passt


EIGENBEMUEHUNG = _nach_nummer("text")
ZWISCHENZIEL = _nach_nummer("text")
AKTIVITAET = _nach_nummer("was")
WIEDERVORLAGE = _nach_nummer("text")
PRODUKT = _nach_feldern("bezeichnung", "beginn")
STRATEGIE = _nach_feldern("code")

UNTERLISTEN: dict[str, tuple[str, Passt]] = {
    "strategien": ("aktivitaeten", AKTIVITAET),
    "vereinbarung": ("eigenbemuehungen", EIGENBEMUEHUNG),
    "ziel": ("zwischenziele", ZWISCHENZIEL),
}
"""Sections (or entries of a list) holding an item list merged by ``nr``."""


def verschmelze(
    alt: list[Any] | None,
    neu: list[Any],
    passt: Passt,
    rt: Callable[[Any], Any],
    unterliste: tuple[str, Passt] | None = None,
) -> list[Any]:
    """``alt`` (round-trip, changed in place) with every entry of ``neu`` merged into it."""
    liste: list[Any] = alt if alt is not None else CommentedSeq()
    nummern = wirksame_nummern(gespeicherte_nummern(liste))
    vergeben: set[int] = set()
    for eintrag in neu:
        if not isinstance(eintrag, Mapping):
            liste.append(rt(eintrag))
            continue
        treffer = next(
            (
                i
                for i, (e, nr) in enumerate(zip(liste[: len(nummern)], nummern, strict=True))
                if i not in vergeben and isinstance(e, MutableMapping) and passt(e, nr, eintrag)
            ),
            None,
        )
        if treffer is None:
            liste.append(rt(eintrag))
            continue
        vergeben.add(treffer)
        aktualisiere(liste[treffer], eintrag, rt, unterliste)
    return liste


def aktualisiere(
    ziel: MutableMapping[str, Any],
    felder: Mapping[str, Any],
    rt: Callable[[Any], Any],
    unterliste: tuple[str, Passt] | None = None,
) -> None:
    """Set the named fields of ``ziel``; its item list (if named) is merged, not replaced."""
    for k, v in felder.items():
        if unterliste is not None and k == unterliste[0] and isinstance(v, list):
            bisher = ziel.get(k)
            ziel[k] = verschmelze(
                bisher if isinstance(bisher, list) else None, v, unterliste[1], rt
            )
        elif ziel.get(k) != v or k not in ziel:
            ziel[k] = rt(v)
